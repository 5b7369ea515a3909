import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { insertRows } from "../../lib/server/db/sql.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import type { Tx } from "../../lib/server/db/tx.ts";

/** The ingest path's transactions. */
const driverTransaction = <T>(fn: (tx: Tx) => Promise<T>) => transaction(fn, { path: "driver" });

const onPostgres = /^postgres/.test(inject("databaseUrl"));
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

describe("insertRows stores each value as its column's type (on PostgreSQL one array a column, unnested)", () => {
  const boundaryColumns = ["id", "sender", "receiver", "state", "epoch", "anomalyRate", "trippedAt", "createdAt", "updatedAt", "awaitingForceAck", "suspectedTripDetail"];
  const read = (id: string) => getDb().boundary.findUniqueOrThrow({ where: { id } });

  it("text, integers, floats, dates, booleans and nulls come back as written", async () => {
    const id = `bnd_ins-${randomUUID().slice(0, 8)}`;
    const at = new Date("2026-03-04T05:06:07.089Z");
    const text = `quotes " ' \\ back\\slash, tab\t, newline\n, é, 𝄞`;
    await driverTransaction((tx) => insertRows(tx, "Boundary", boundaryColumns,
      [[id, text, "receiver-1", "OPEN", 2 ** 40, 0.125, at, at, at, true, null]]));
    const b = await read(id);
    expect({ sender: b.sender, state: b.state, epoch: Number(b.epoch), anomalyRate: b.anomalyRate, trippedAt: b.trippedAt, awaitingForceAck: b.awaitingForceAck, detail: b.suspectedTripDetail })
      .toEqual({ sender: text, state: "OPEN", epoch: 2 ** 40, anomalyRate: 0.125, trippedAt: at, awaitingForceAck: true, detail: null });
  });

  it("a lone surrogate is stored as the driver always stored it (U+FFFD), a backslash as itself", async () => {
    const id = `bnd_ins-${randomUUID().slice(0, 8)}`;
    const at = new Date();
    await driverTransaction((tx) => insertRows(tx, "Boundary", boundaryColumns,
      [[id, "lone \ud800 surrogate", "\\ud800 as text", "CLOSED", 0, 0, null, at, at, false, null]]));
    const b = await read(id);
    // pg sends text as UTF-8, a lone surrogate as one U+FFFD (better-sqlite3 stores its three bytes, read back as three).
    expect([b.sender, b.receiver]).toEqual([onPostgres ? "lone \ufffd surrogate" : "lone \ufffd\ufffd\ufffd surrogate", "\\ud800 as text"]);
  });
});
