// The 督办 state machine (pure): a notice's state is the fold of its event
// log (append-only, sql/migrations/006_supervision.sql), so any as_of can be
// replayed, and escalation is computed at read time from the due and red dates.
//
//   issued ──respond──▶ responded ──accept──▶ accepted
//      ▲                    │
//      └──── returned ◀──return
//   any state but closed ──close / auto_close──▶ closed
//
// TRICKY: two writers racing (two server processes) can both append an event
// valid in the state they read. The replay applies only events that are
// valid transitions at their position and marks the others `applied: false`,
// so every reader derives the same state and the record still shows the attempt.
import { endOfBeijingDay } from '../../etl/clock/beijing.ts';
import type { ActionEventType, ActionState, Escalation } from '../api/supervision-schemas.ts';

export const TRANSITIONS: Readonly<Record<ActionState, Partial<Record<ActionEventType, ActionState>>>> = {
  issued: { respond: 'responded', close: 'closed', auto_close: 'closed' },
  responded: { accept: 'accepted', return: 'returned', close: 'closed', auto_close: 'closed' },
  returned: { respond: 'responded', close: 'closed', auto_close: 'closed' },
  accepted: { close: 'closed', auto_close: 'closed' },
  closed: {},
};

export const STATE_NAMES: Readonly<Record<ActionState, string>> = {
  issued: '待回复',
  responded: '已回复待审核',
  returned: '已退回待重新回复',
  accepted: '已采纳',
  closed: '已关闭',
};

export const EVENT_NAMES: Readonly<Record<ActionEventType, string>> = {
  issue: '下发督办',
  respond: '回复',
  accept: '采纳',
  return: '退回',
  close: '关闭',
  auto_close: '自动关闭',
  escalate: '升级',
};

export interface EventLike {
  type: ActionEventType;
  /** Epoch ms. */
  at: number;
}

export interface Folded {
  state: ActionState;
  closedBy: 'inspector' | 'auto' | null;
  /** Per event (same order): whether it was applied. */
  applied: boolean[];
  /** The highest escalation level recorded by an escalate event. */
  recordedLevel: Escalation;
}

/** Replays events (ordered by seq) from the issue on. */
export function foldEvents(events: readonly (EventLike & { level?: string })[]): Folded {
  let state: ActionState = 'issued';
  let closedBy: Folded['closedBy'] = null;
  let recordedLevel: Escalation = 'none';
  const applied = events.map((e) => {
    if (e.type === 'issue') return true;
    if (e.type === 'escalate') {
      if (e.level === 'red' || (e.level === 'yellow' && recordedLevel === 'none')) recordedLevel = e.level;
      return true;
    }
    const next = TRANSITIONS[state][e.type];
    if (!next) return false;
    state = next;
    if (next === 'closed') closedBy = e.type === 'auto_close' ? 'auto' : 'inspector';
    return true;
  });
  return { state, closedBy, applied, recordedLevel };
}

/** Whether `type` is a valid transition from `state`. */
export const canApply = (state: ActionState, type: ActionEventType): boolean => TRANSITIONS[state][type] !== undefined;

/**
 * Escalation at `asOfMs` (the supervision issue): a notice without an accepted
 * response past its due date (23:59:59 of due_date) is yellow; past
 * red_date's 23:59:59 (red_after working days later) it is red. Accepted and
 * closed notices — and case notices whose case has finished — do not escalate.
 */
export function escalationAt(state: ActionState, dueDate: string, redDate: string, asOfMs: number, finished: boolean): Escalation {
  if (state === 'accepted' || state === 'closed' || finished) return 'none';
  if (asOfMs > endOfBeijingDay(redDate)) return 'red';
  if (asOfMs > endOfBeijingDay(dueDate)) return 'yellow';
  return 'none';
}
