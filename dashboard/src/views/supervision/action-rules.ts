// Which 督办 buttons a role sees (the server enforces the same; this only hides
// what would be refused): the transitions of server/supervision/action-state.ts.
import type { Role } from '../../api/auth.ts';
import type { Action, UserActionEvent } from '../../api/supervision.ts';

const TRANSITIONS: Readonly<Record<Action['state'], readonly UserActionEvent[]>> = {
  issued: ['respond', 'close'],
  responded: ['accept', 'return', 'close'],
  returned: ['respond', 'close'],
  accepted: ['close'],
  closed: [],
};

const BY_ROLE: Readonly<Record<UserActionEvent, readonly Role[]>> = {
  respond: ['dept'],
  accept: ['inspector', 'admin'],
  return: ['inspector', 'admin'],
  close: ['inspector', 'admin'],
};

export const canIssue = (role: Role | undefined): boolean => role === 'inspector' || role === 'admin';
export const canAppeal = (role: Role | undefined): boolean => role === 'dept';
export const canDecideAppeal = (role: Role | undefined): boolean => role === 'inspector' || role === 'admin';

/** The events `role` may post on a notice in `state`. */
export function allowedEvents(role: Role | undefined, state: Action['state']): UserActionEvent[] {
  if (!role) return [];
  return TRANSITIONS[state].filter((e) => BY_ROLE[e].includes(role));
}
