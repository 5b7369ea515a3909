import { z } from "zod";

/**
 * One environment variable: how its text is parsed (zod; an empty or blank value counts as unset), what a bad value
 * is told to expect, the default as docs/operations.md shows it, a one-line description, and whether a bad
 * value may be printed (not when it may hold a password).
 */
export type Variable<T = unknown> = { schema: z.ZodType<T, unknown>; expect: string; shown: string; doc: string; secret?: boolean };

/** An empty or blank value counts as unset. */
export const unsetIfBlank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** An integer within bounds, with a default (`shown` overrides how the table shows it). */
export function int(o: { default: number; min: number; max: number; doc: string; shown?: string }): Variable<number> {
  return {
    schema: z.preprocess(unsetIfBlank, z.coerce.number().int().min(o.min).max(o.max).default(o.default)),
    expect: `an integer from ${o.min} to ${o.max}`,
    shown: o.shown ?? String(o.default),
    doc: o.doc,
  };
}

/** An integer within bounds that is computed where it is used when unset (`shown` says how). */
export function optionalInt(o: { min: number; max: number; doc: string; shown: string }): Variable<number | undefined> {
  return { schema: z.preprocess(unsetIfBlank, z.coerce.number().int().min(o.min).max(o.max).optional()), expect: `an integer from ${o.min} to ${o.max}`, shown: o.shown, doc: o.doc };
}

/** Free text, with a default or none. */
export function text<D extends string | undefined>(o: { default: D; doc: string; shown?: string }): Variable<D extends string ? string : string | undefined> {
  const schema = o.default === undefined ? z.string().optional() : z.string().default(o.default);
  return { schema: z.preprocess(unsetIfBlank, schema) as never, expect: "text", shown: o.shown ?? o.default ?? "—", doc: o.doc };
}

/** An absolute URL whose scheme is one of `schemes` (unset: none, or `shown` says what stands in). */
export function url(o: { schemes: string[]; doc: string; shown?: string; secret?: boolean }): Variable<string | undefined> {
  const scheme = new RegExp(`^(${o.schemes.join("|")})$`);
  return {
    schema: z.preprocess(unsetIfBlank, z.url({ protocol: scheme }).optional()),
    expect: `an absolute ${o.schemes.join(" or ")} URL`,
    shown: o.shown ?? "—",
    doc: o.doc,
    secret: o.secret,
  };
}

/** One of a few words. */
export function oneOf<const W extends readonly [string, ...string[]]>(o: { words: W; default: W[number]; doc: string; shown?: string }): Variable<W[number]> {
  return {
    schema: z.preprocess(unsetIfBlank, z.enum(o.words).default(o.default as never)) as never,
    expect: `one of ${o.words.join(", ")}`,
    shown: o.shown ?? o.default,
    doc: o.doc,
  };
}

/** Comma-separated entries (kept as the text), each of which `entry` must accept; blank entries are ignored. */
export function list(o: { entry: z.ZodType<string>; expect: string; doc: string }): Variable<string> {
  const entries = (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean);
  return {
    schema: z.preprocess(unsetIfBlank, z.string().refine((v) => entries(v).every((e) => o.entry.safeParse(e).success)).default("")),
    expect: o.expect,
    shown: "—",
    doc: o.doc,
  };
}
