/** One field that differs between an audit entry's before and after. */
export type FieldChange = { path: string; change: "added" | "removed" | "changed"; before?: unknown; after?: unknown };

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

// Objects are walked key by key (dotted paths); anything else (numbers, strings, arrays) is compared whole.
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined && value !== null) {
    out.set(prefix || "value", value);
  }
  return out;
}

/**
 * What changed from `before` to `after`, field by field, in the order the fields first appear: an audit
 * entry's readable diff. Fields equal on both sides are left out; null or absent sides count as empty.
 */
export function diffValues(before: unknown, after: unknown): FieldChange[] {
  const a = flatten(before, "", new Map());
  const b = flatten(after, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const was = a.get(path);
    const now = b.get(path);
    if (!a.has(path)) changes.push({ path, change: "added", after: now });
    else if (!b.has(path)) changes.push({ path, change: "removed", before: was });
    else if (JSON.stringify(was) !== JSON.stringify(now)) changes.push({ path, change: "changed", before: was, after: now });
  }
  return changes;
}

/** A value as one short line of text: strings bare, everything else as JSON. */
export const showValue = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));
