import "server-only";
import { getDb } from "../db/client.ts";
import { param, selectRows } from "../db/sql.ts";
import { AppError } from "../errors.ts";

/** What an agent fetches: its directives after the cursor, oldest first, and the cursor to send next time. */
export type DirectiveFeed = { directives: ({ id: string; createdAt: string } & Record<string, unknown>)[]; cursor: string };

const PAGE = 100;

/** The directives queued for an agent after `after` (an opaque cursor from a previous feed; none = from the start). */
export async function findDirectives(opts: { agentId: string; after?: string | null }): Promise<DirectiveFeed> {
  const after = opts.after ?? "0";
  if (!/^\d{1,15}$/.test(after)) throw new AppError("bad_request", "after must be a cursor returned by a previous fetch");
  // The cursor is the last seq seen: one seek in the (agentId, seq) index, on any replica, however old the agent's
  // backlog. Raw SQL: every held directive request starts with it, and Prisma's query layer costs more than it.
  const rows = await selectRows<{ seq: number | bigint; payload: string; createdAt: string | number | Date }>(getDb(),
    `SELECT "seq", "payload", "createdAt" FROM "Directive" WHERE "agentId" = ${param(1)} AND "seq" > ${param(2)} ORDER BY "seq" LIMIT ${PAGE}`,
    [opts.agentId, Number(after)]);
  return {
    directives: rows.map((r) => ({ id: String(r.seq), ...JSON.parse(r.payload), createdAt: new Date(r.createdAt).toISOString() })),
    cursor: rows.length ? String(rows.at(-1)!.seq) : after,
  };
}
