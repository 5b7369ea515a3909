import "server-only";
import type { z } from "zod";
import { toIssues } from "../../domain/issues.ts";
import { AppError } from "../errors.ts";

type Params = Record<string, string | string[] | undefined>;

/**
 * A list page's query: the raw parameters (to refill the filters and build links) and, when they parse,
 * the page the `find` service returns; otherwise the problems to show. An `invalid` from the service
 * (an unknown boundary, say) is shown the same way.
 */
export async function readList<S extends z.ZodType, P>(
  searchParams: Params,
  schema: S,
  find: (query: z.output<S>) => Promise<P>,
): Promise<{ raw: Record<string, string | undefined>; page: P | null; problems: string[] }> {
  const raw = Object.fromEntries(Object.entries(searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { raw, page: null, problems: toIssues(parsed.error).map((i) => `${i.path}: ${i.message}`) };
  try {
    return { raw, page: await find(parsed.data), problems: [] };
  } catch (err) {
    if (err instanceof AppError && err.code === "invalid") return { raw, page: null, problems: [err.detail] };
    throw err;
  }
}
