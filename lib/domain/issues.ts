import type { z } from "zod";

/** One validation problem, named by its path (`overrides[0].breaker.failure_threshold`). */
export type TIssue = { path: string; message: string };

/** Renders a zod path as `a.b[0].c`; the empty path is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out === "" ? "(root)" : out;
}

/**
 * Flattens a zod error into path-named issues; each unknown key becomes its own issue at its own path.
 * `at`: where the checked value sits in the document (its issues' paths start there).
 */
export function toIssues(error: z.ZodError, at: readonly PropertyKey[] = []): TIssue[] {
  const out: TIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push({ path: formatPath([...at, ...issue.path, key]), message: "unknown key" });
    } else {
      out.push({ path: formatPath([...at, ...issue.path]), message: issue.message });
    }
  }
  return out;
}
