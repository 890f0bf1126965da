// A validated profile compiled for the hot path: maps and closures built once,
// so mapping a row is a few lookups (style: profiles are data, not code forks).

import { KINDS, type Kind } from '../../contract/records.ts';
import { CANONICAL_FIELDS, isAuxField } from './fields.ts';
import type { Condition, KindProfileSpec, ProfileSpec, Rule, Scalar } from './schema.ts';

export interface CompiledRule {
  when: ((row: Record<string, unknown>) => boolean)[];
  set: [string, Scalar][];
}

export interface KindMapping {
  /** Nothing to do: the row is returned as is (canonical profile). */
  identity: boolean;
  passthrough: boolean;
  fields: Map<string, readonly string[]>;
  values: [string, Map<string, Scalar>][];
  prefix: [string, string][];
  derive: CompiledRule[];
  defaults: CompiledRule[];
  aux: readonly string[];
}

export interface Profile {
  name: string;
  description: string | null;
  /** Where it was loaded from ('built-in:<name>' or a path): for error messages. */
  origin: string;
  kinds: { readonly [K in Kind]: KindMapping };
}

/** '' and null both mean absent (data-contract.md § General rules); blank text too. */
export function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v.trim() : String(v);
}

function compileCondition(field: string, c: Condition[string]): (row: Record<string, unknown>) => boolean {
  if (c === null) return (row) => isAbsent(row[field]);
  if (Array.isArray(c)) {
    const wanted = new Set(c.filter((x) => x !== null).map(String));
    const orAbsent = c.includes(null);
    return (row) => {
      const v = row[field];
      return isAbsent(v) ? orAbsent : wanted.has(asText(v));
    };
  }
  if (typeof c === 'object') {
    const present = c.present;
    return (row) => isAbsent(row[field]) !== present;
  }
  const wanted = String(c);
  return (row) => !isAbsent(row[field]) && asText(row[field]) === wanted;
}

function compileRule(r: Rule): CompiledRule {
  return {
    when: Object.entries(r.when ?? {}).map(([f, c]) => compileCondition(f, c)),
    set: Object.entries(r.set),
  };
}

const IDENTITY: KindMapping = {
  identity: true, passthrough: true, fields: new Map(), values: [], prefix: [], derive: [], defaults: [], aux: [],
};

/** Every field a profile names must be a contract field of the kind or an auxiliary '_field'. */
function checkFieldNames(kind: Kind, spec: KindProfileSpec, origin: string): void {
  const known = new Set(CANONICAL_FIELDS[kind]);
  const problems: string[] = [];
  const check = (where: string, f: string) => {
    if (!known.has(f) && !isAuxField(f)) problems.push(`${where}: '${f}' is not a ${kind} field (auxiliary fields start with '_')`);
  };
  for (const targets of Object.values(spec.fields)) for (const t of [targets].flat()) check('fields', t);
  for (const f of Object.keys(spec.values)) check('values', f);
  for (const f of Object.keys(spec.prefix)) check('prefix', f);
  const rules = [...spec.derive, ...(Array.isArray(spec.defaults) ? spec.defaults : [])];
  for (const r of rules) {
    for (const f of Object.keys(r.when ?? {})) check('when', f);
    for (const f of Object.keys(r.set)) check('set', f);
  }
  if (!Array.isArray(spec.defaults)) for (const f of Object.keys(spec.defaults)) check('defaults', f);
  if (problems.length > 0) throw new Error(`profile ${origin}, kind ${kind}: ${problems.join('; ')}`);
}

function compileKind(kind: Kind, spec: KindProfileSpec, origin: string): KindMapping {
  checkFieldNames(kind, spec, origin);
  const fields = new Map(Object.entries(spec.fields).map(([src, t]) => [src, [t].flat()] as const));
  const defaults = Array.isArray(spec.defaults)
    ? spec.defaults.map(compileRule)
    : Object.keys(spec.defaults).length > 0 ? [compileRule({ set: spec.defaults })] : [];
  const aux = [...new Set([...fields.values()].flat().filter(isAuxField))];
  const m: KindMapping = {
    identity: false,
    passthrough: spec.passthrough,
    fields,
    values: Object.entries(spec.values).map(([f, map]) => [f, new Map(Object.entries(map))]),
    prefix: Object.entries(spec.prefix),
    derive: spec.derive.map(compileRule),
    defaults,
    aux,
  };
  m.identity = m.passthrough && fields.size === 0 && m.values.length === 0 && m.prefix.length === 0
    && m.derive.length === 0 && m.defaults.length === 0;
  return m;
}

/** A kind the profile does not mention is read in the canonical shape (identity). */
export function compileProfile(spec: ProfileSpec, origin: string): Profile {
  const kinds = {} as Record<Kind, KindMapping>;
  for (const k of KINDS) {
    const ks = spec.kinds[k];
    kinds[k] = ks === undefined ? IDENTITY : compileKind(k, ks, origin);
  }
  return { name: spec.name, description: spec.description ?? null, origin, kinds };
}
