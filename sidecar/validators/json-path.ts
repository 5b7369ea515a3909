import { JSONPath } from "jsonpath-plus";
import { configError } from "./config-error.ts";

/** The values a JSONPath selects in `json` (always a list). */
export const select = (path: string, json: unknown): unknown[] =>
  JSONPath({ path, json: json as object, wrap: true, eval: "safe" }) ?? [];

// Shapes a trial run walks so that a broken filter or script expression fails at startup, not on traffic.
const PROBES: unknown[] = [{}, { a: [{ b: 1 }] }, [{ a: { b: [1, "x", null] } }]];

/** Checks a JSONPath once at startup; a broken one is a config error naming `key`. */
export function checkJsonPath(path: string, key: string): void {
  let depth = 0;
  for (const ch of path) {
    depth += ch === "[" || ch === "(" ? 1 : ch === "]" || ch === ")" ? -1 : 0;
    if (depth < 0) break;
  }
  if (depth !== 0) throw configError(key, `"${path}" is not a JSONPath: unbalanced brackets`);
  try {
    for (const json of PROBES) select(path, json);
  } catch (err) {
    throw configError(key, `"${path}" is not a JSONPath: ${(err as Error).message}`);
  }
}
