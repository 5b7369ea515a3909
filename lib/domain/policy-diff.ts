import type { TPolicy } from "./policy.ts";

/** One changed setting between two policies: its path (`breaker.failure_threshold`), and the value before and after (undefined = absent). */
export type TPolicyChange = { path: string; before: unknown; after: unknown };

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, {});
    for (const [k, v] of entries) leaves(v, path === "" ? k : `${path}.${k}`, out);
  } else {
    out.set(path, value);
  }
}

/** Every setting that differs between two policies, in document order (settings of `before` first, then those only in `after`). */
export function diffPolicies(before: TPolicy, after: TPolicy): TPolicyChange[] {
  const [a, b] = [new Map<string, unknown>(), new Map<string, unknown>()];
  leaves(before, "", a);
  leaves(after, "", b);
  const out: TPolicyChange[] = [];
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  for (const [path, v] of a) if (!b.has(path) || !same(v, b.get(path))) out.push({ path, before: v, after: b.get(path) });
  for (const [path, v] of b) if (!a.has(path)) out.push({ path, before: undefined, after: v });
  return out;
}
