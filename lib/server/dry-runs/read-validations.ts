import "server-only";
import type { TRecordedValidation } from "../../domain/dry-run.ts";
import { getDb } from "../db/client.ts";
import { param, selectRows } from "../db/sql.ts";

type Row = {
  id: number | bigint; time: string | Date; messageId: string; sender: string; receiver: string; outcome: string;
  anomalyScore: number; fanOut: number | bigint; chainDepth: number | bigint | null; unvalidated: number | bigint | boolean;
};

// SQLite gives ISO text, PostgreSQL a Date.
const timeOf = (t: string | Date) => (typeof t === "string" ? Date.parse(t) : t.getTime());

function sql(withCursor: boolean, limit: number): string {
  return `SELECT v."id", v."time", v."messageId", v."sender", v."receiver", v."outcome", v."anomalyScore", v."fanOut", m."chainDepth", ` +
    `CASE WHEN v."reasons" = '["breaker_open"]' THEN 1 ELSE 0 END AS "unvalidated" ` +
    `FROM "MessageValidation" v LEFT JOIN "Message" m ON m."messageId" = v."messageId" ` +
    `WHERE v."time" >= ${param(1)} AND v."time" < ${param(2)}` +
    (withCursor ? ` AND (v."time", v."id") > (${param(3)}, ${param(4)})` : "") +
    ` ORDER BY v."time", v."id" LIMIT ${limit}`;
}

/**
 * The stored validations of [from, to) in time order, a page at a time (keyset paging on the (time, id)
 * index): memory holds one page, however long the window. Raw SQL through the driver: Prisma's row
 * mapping would cost more than the replay itself.
 */
export async function* readValidations(opts: { from: Date; to: Date; pageSize?: number }): AsyncGenerator<TRecordedValidation[]> {
  const limit = opts.pageSize ?? 5_000;
  const db = getDb();
  await db.$queryRawUnsafe("SELECT 1"); // connects the driver the raw reads go through
  let cursor: { time: string | Date; id: number | bigint } | null = null;
  for (;;) {
    const params: (string | number | Date)[] = [opts.from, opts.to];
    if (cursor) params.push(cursor.time, Number(cursor.id));
    const rows: Row[] = await selectRows<Row>(db, sql(cursor !== null, limit), params);
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    cursor = { time: last.time, id: last.id };
    yield rows.map((r) => ({
      at: timeOf(r.time), messageId: r.messageId, sender: r.sender, receiver: r.receiver,
      outcome: r.outcome === "rejected" ? "rejected" : "accepted", anomalyScore: Number(r.anomalyScore),
      fanOut: Number(r.fanOut), depth: r.chainDepth === null ? 1 : Number(r.chainDepth), unvalidated: Number(r.unvalidated) === 1,
    }));
    if (rows.length < limit) return;
  }
}
