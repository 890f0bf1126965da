// The profile file format (README.md in this folder), checked with zod when a
// profile is loaded — never per row.

import { z } from 'zod';
import { KINDS } from '../../contract/records.ts';

export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof scalarSchema>;

/** field → value (equals, compared as text), [values] (any of), null (absent) or {present}. */
export const conditionSchema = z.record(
  z.string().min(1),
  z.union([scalarSchema, z.array(scalarSchema).min(1), z.object({ present: z.boolean() }).strict()]),
);
export type Condition = z.infer<typeof conditionSchema>;

export const ruleSchema = z
  .object({
    when: conditionSchema.optional(),
    set: z.record(z.string().min(1), scalarSchema).refine((s) => Object.keys(s).length > 0, 'set must name a field'),
  })
  .strict();
export type Rule = z.infer<typeof ruleSchema>;

export const kindProfileSchema = z
  .object({
    /** Keep source fields that `fields` does not name, under their own name (the canonical profile). */
    passthrough: z.boolean().default(false),
    /** source field → canonical field(s); '_name' targets are auxiliary, for rules only. */
    fields: z.record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])).default({}),
    /** canonical field → { source value (as text) → canonical value }; unlisted values pass unchanged. */
    values: z.record(z.string().min(1), z.record(z.string(), scalarSchema)).default({}),
    /** canonical field → text put in front of every present value, `{source}` = the source system. */
    prefix: z.record(z.string().min(1), z.string().min(1)).default({}),
    /** Always set when `when` holds (applied after values). */
    derive: z.array(ruleSchema).default([]),
    /** Set only where the field is absent, when `when` holds (applied last). A plain map = unconditional. */
    defaults: z.union([z.array(ruleSchema), z.record(z.string().min(1), scalarSchema)]).default([]),
  })
  .strict();
export type KindProfileSpec = z.infer<typeof kindProfileSchema>;

export const profileSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    kinds: z.object(Object.fromEntries(KINDS.map((k) => [k, kindProfileSchema.optional()])) as {
      [K in (typeof KINDS)[number]]: z.ZodOptional<typeof kindProfileSchema>;
    }).strict(),
  })
  .strict();
export type ProfileSpec = z.infer<typeof profileSchema>;
