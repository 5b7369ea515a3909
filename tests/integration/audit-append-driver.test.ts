import { afterAll, describe, expect, it } from "vitest";
import { auditHash, GENESIS_HASH } from "../../lib/server/audit/audit-hash.ts";
import { appendPendingAudit } from "../../lib/server/audit/append-pending.ts";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { insertRows } from "../../lib/server/db/sql.ts";
import { setEnv } from "../support/env.ts";
import { freshTestDatabase } from "../support/test-db.ts";

let restore = () => {};
afterAll(async () => {
  await closeDb();
  restore();
});

/** Switches this process to a fresh database of its own (no server chains behind the test's back). */
async function useFreshDatabase(name: string): Promise<void> {
  const url = await freshTestDatabase(name);
  await closeDb();
  restore();
  restore = setEnv({ DATABASE_URL: url });
}

/** The append pass as it was before it moved to the driver: Prisma reads, createMany, deleteMany. */
async function appendThroughPrisma(): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await getDb().$transaction(async (tx) => {
      const pending = await tx.auditOutbox.findMany({ orderBy: { id: "asc" }, take: 500 });
      if (pending.length === 0) return 0;
      const head = await tx.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
      let seq = head?.seq ?? 0;
      let prevHash = head?.hash ?? GENESIS_HASH;
      const entries = pending.map(({ id: _id, ...fields }) => {
        const hash = auditHash(prevHash, fields);
        const entry = { ...fields, seq: ++seq, prevHash, hash };
        prevHash = hash;
        return entry;
      });
      await tx.auditEntry.createMany({ data: entries });
      await tx.auditOutbox.deleteMany({ where: { id: { in: pending.map((p) => p.id) } } });
      return pending.length;
    });
    total += n;
    if (n < 500) return total;
  }
}

/**
 * The same 621 entries (more than one batch) each time, written to the outbox both ways the app writes it:
 * Prisma's create (its own DateTime text) and the driver's multi-row insert appendAudits makes (here without
 * its chaining on commit, so each pass under test chains everything). Awkward values: quotes, newlines,
 * non-ASCII and astral characters, empty strings, nulls, instants at .000 and .999, one before 2000.
 */
async function writeOutbox(): Promise<void> {
  const awkward = ["plain", "quote \" and \\ backslash", "new\nline\ttab", "ünïcödé ✓", "astral 😀𝄞", ""];
  for (let i = 0; i < 20; i++) {
    await getDb().auditOutbox.create({ data: {
      actor: `person:${i}`, action: "test.prisma", subject: `boundary:${awkward[i % awkward.length]}`,
      before: i % 3 === 0 ? null : JSON.stringify({ i, s: awkward[(i + 1) % awkward.length] }), after: i % 4 === 0 ? null : "{\"state\":\"OPEN\"}",
      createdAt: new Date(Date.UTC(2026, 10, 30, 12, 0, i, i % 2 ? 999 : 0)),
    } });
  }
  const at = new Date("2026-12-01T08:30:15.042Z");
  await insertRows(getDb(), "AuditOutbox", ["actor", "action", "subject", "before", "after", "createdAt"], Array.from({ length: 600 }, (_, i) => [
    `agent:${i % 7}`, "boundary.transition", `boundary:${awkward[i % awkward.length]}:${i}`,
    i % 5 === 0 ? null : JSON.stringify({ state: "CLOSED", note: awkward[i % awkward.length] }), JSON.stringify({ state: "OPEN", i }),
    new Date(at.getTime() + Math.floor(i / 50)),
  ]));
  await getDb().auditOutbox.create({ data: { actor: "system", action: "test.old", subject: "t:1999", createdAt: new Date("1999-12-31T23:59:59.999Z") } });
}

const chain = () => getDb().auditEntry.findMany({ orderBy: { seq: "asc" } });

describe("audit append pass on the driver", () => {
  it("chains the same outbox rows to byte-identical entries and hashes as the Prisma pass it replaces, on two fresh databases", async () => {
    await useFreshDatabase("audit-append-old");
    await writeOutbox();
    expect(await appendThroughPrisma()).toBe(621);
    const oldWay = await chain();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: 621, pending: { count: 0 } });

    await useFreshDatabase("audit-append-new");
    await writeOutbox();
    expect(await appendPendingAudit()).toBe(621);
    const newWay = await chain();
    expect(await getDb().auditOutbox.count()).toBe(0);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: 621, pending: { count: 0 } });

    expect(newWay).toHaveLength(621);
    expect(newWay).toEqual(oldWay); // every field: seq, the text, the instant, prevHash and hash
    expect(newWay.at(-1)!.hash).toBe(oldWay.at(-1)!.hash);
  });
});
