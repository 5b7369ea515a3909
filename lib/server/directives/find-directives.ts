import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";

/** What an agent fetches: its directives after the cursor, oldest first, and the cursor to send next time. */
export type DirectiveFeed = { directives: ({ id: string; createdAt: string } & Record<string, unknown>)[]; cursor: string };

const PAGE = 100;

/** The directives queued for an agent after `after` (an opaque cursor from a previous feed; none = from the start). */
export async function findDirectives(opts: { agentId: string; after?: string | null }): Promise<DirectiveFeed> {
  const after = opts.after ?? "0";
  if (!/^\d{1,15}$/.test(after)) throw new AppError("bad_request", "after must be a cursor returned by a previous fetch");
  const rows = await getDb().directive.findMany({
    where: { agentId: opts.agentId, seq: { gt: Number(after) } },
    orderBy: { seq: "asc" },
    take: PAGE,
  });
  return {
    directives: rows.map((r) => ({ id: String(r.seq), ...JSON.parse(r.payload), createdAt: r.createdAt.toISOString() })),
    cursor: rows.length ? String(rows.at(-1)!.seq) : after,
  };
}
