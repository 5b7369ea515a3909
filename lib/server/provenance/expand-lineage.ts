import "server-only";
import { lineageOf, mergeLineage, type TLineage } from "../../domain/lineage.ts";
import { AppError } from "../errors.ts";
import { traceProvenance, type Trace } from "./trace-provenance.ts";

/** Most expanded nodes one view may carry (each costs one hop's walk). */
export const MAX_EXPANSIONS = 50;

/**
 * A trace and its lineage graph with one more hop (up and down) around each expanded node merged in: what
 * a shared provenance URL reopens. An expanded id the store does not know is skipped, not an error.
 */
export async function expandLineage(opts: { id: string; up: number; down: number; expand: string[] }): Promise<{ trace: Trace; lineage: TLineage }> {
  const trace = await traceProvenance({ id: opts.id, up: opts.up, down: opts.down });
  let lineage = lineageOf(trace);
  const hops = await Promise.all(opts.expand.slice(0, MAX_EXPANSIONS).map((id) => traceProvenance({ id, up: 1, down: 1 }).catch(skipUnknown)));
  for (const hop of hops) if (hop) lineage = mergeLineage(lineage, lineageOf(hop));
  return { trace, lineage };
}

function skipUnknown(err: unknown): null {
  if (err instanceof AppError && err.code === "not_found") return null;
  throw err;
}
