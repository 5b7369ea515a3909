import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { insertRows } from "../../lib/server/db/sql.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import type { Tx } from "../../lib/server/db/tx.ts";

/** The ingest path's transactions. */
const driverTransaction = <T>(fn: (tx: Tx) => Promise<T>) => transaction(fn, { path: "driver" });

const columns = ["source", "eventId", "type", "time", "receivedAt", "kid", "payloadHash", "jws"];
const row = (source: string, eventId: string) => [source, eventId, "firebreak.test", new Date(), new Date(), "kid", "h".repeat(64), "a.b.c"];
const opts = { ignoreConflicts: true, returning: ["seq", "source", "eventId"], rowid: "seq" };
type Inserted = { seq: number; source: string; eventId: string };

// What the database holds for these ids, as the insert should have given them back.
async function stored(source: string, ids: string[]): Promise<Inserted[]> {
  const rows = await getDb().event.findMany({ where: { source, eventId: { in: ids } }, orderBy: { seq: "asc" }, select: { seq: true, source: true, eventId: true } });
  return rows.map((r) => ({ seq: Number(r.seq), source: r.source, eventId: r.eventId }));
}

describe("insertRows giving back generated ids (the Event insert of the ingest path)", () => {
  it("gives each inserted row the id the database gave it, in input order", async () => {
    const source = `ins-${randomUUID().slice(0, 8)}`;
    const ids = ["e1", "e2", "e3"];
    const out = await driverTransaction((tx) => insertRows<Inserted>(tx, "Event", columns, ids.map((id) => row(source, id)), opts));
    expect(out.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual(await stored(source, ids));
  });

  it("leaves out the rows skipped as conflicts and still gives the right ids to the others", async () => {
    const source = `ins-${randomUUID().slice(0, 8)}`;
    await driverTransaction((tx) => insertRows(tx, "Event", columns, [row(source, "old-1"), row(source, "old-2")], opts));
    const out = await driverTransaction((tx) => insertRows<Inserted>(tx, "Event", columns,
      [row(source, "new-1"), row(source, "old-1"), row(source, "new-2"), row(source, "old-2")], opts));
    expect(out.map((r) => ({ ...r, seq: Number(r.seq) }))).toEqual(await stored(source, ["new-1", "new-2"]));
    const none = await driverTransaction((tx) => insertRows<Inserted>(tx, "Event", columns, [row(source, "old-1")], opts));
    expect(none).toEqual([]);
  });
});
