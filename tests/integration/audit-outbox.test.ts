import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anchorAuditHead } from "../../lib/server/audit/anchor-audit.ts";
import { appendAudit } from "../../lib/server/audit/append-audit.ts";
import { appendPendingAudit } from "../../lib/server/audit/append-pending.ts";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { transaction } from "../../lib/server/db/transaction.ts";
import { setEnv } from "../support/env.ts";
import { freshTestDatabase } from "../support/test-db.ts";

// A database of its own: no server appends to it behind the test's back, so what waits in the outbox stays put.
let restore = () => {};
beforeAll(async () => {
  const url = await freshTestDatabase("audit-outbox");
  await closeDb();
  restore = setEnv({ DATABASE_URL: url, FIREBREAK_AUDIT_ANCHOR_FILE: path.join(mkdtempSync(path.join(tmpdir(), "fb-outbox-")), "anchors.jsonl") });
});
afterAll(async () => {
  await closeDb();
  restore();
});

const db = () => getDb();

/** Predecessors that more than one entry chains to: a fork of the chain (none in a sound one). */
async function forks(): Promise<string[]> {
  const entries = await db().auditEntry.findMany({ select: { prevHash: true } });
  const seen = new Map<string, number>();
  for (const e of entries) seen.set(e.prevHash, (seen.get(e.prevHash) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([h]) => h);
}

describe("audit outbox: entries committed with their change, chained by one appender", () => {
  it("ten transactions at once (the pool's size), four entries each: every entry chained once, none sharing a predecessor, in each transaction's order", async () => {
    const before = await db().auditEntry.count();
    await Promise.all(Array.from({ length: 10 }, (_, t) => transaction(async (tx) => {
      for (let i = 0; i < 4; i++) await appendAudit(tx, { actor: "test", action: "test.concurrent", subject: `t:${t}`, after: { i } });
    })));
    // transaction() chained what it queued before it returned: nothing waits.
    expect(await db().auditOutbox.count()).toBe(0);
    const entries = await db().auditEntry.findMany({ where: { action: "test.concurrent" }, orderBy: { seq: "asc" } });
    expect(entries).toHaveLength(40);
    expect(await db().auditEntry.count()).toBe(before + 40);
    expect(await forks()).toEqual([]);
    for (let t = 0; t < 10; t++) {
      expect(entries.filter((e) => e.subject === `t:${t}`).map((e) => JSON.parse(e.after!).i)).toEqual([0, 1, 2, 3]);
    }
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: before + 40, pending: { count: 0 } });
  });

  it("a transaction that fails leaves no entry behind", async () => {
    const before = await db().auditEntry.count();
    await expect(transaction(async (tx) => {
      await appendAudit(tx, { actor: "test", action: "test.rolled_back", subject: "t:x" });
      throw new Error("changed my mind");
    })).rejects.toThrow("changed my mind");
    expect(await db().auditOutbox.count()).toBe(0);
    expect(await db().auditEntry.count()).toBe(before);
  });

  it("an entry committed but never chained (its process killed first) counts as pending, not a break, and the next pass chains it once", async () => {
    const before = await db().auditEntry.count();
    // What a process killed between its commit and its append leaves behind.
    const createdAt = new Date("2026-11-30T12:00:00.000Z");
    await db().auditOutbox.create({ data: { actor: "agent:a", action: "boundary.transition", subject: "boundary:left", after: "{\"state\":\"OPEN\"}", createdAt } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: before, pending: { count: 1, oldest: createdAt } });
    // Two calls at once share one pass: both hear of the one entry it chained.
    expect(await Promise.all([appendPendingAudit(), appendPendingAudit()])).toEqual([1, 1]);
    expect(await appendPendingAudit()).toBe(0);
    expect(await db().auditEntry.count()).toBe(before + 1);
    const head = await db().auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(head).toMatchObject({ seq: before + 1, subject: "boundary:left", after: "{\"state\":\"OPEN\"}", createdAt });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: before + 1, pending: { count: 0, oldest: null } });
  });

  it("an anchor chains what waits first, so its checkpoint vouches for it", async () => {
    await db().auditOutbox.create({ data: { actor: "test", action: "test.before_anchor", subject: "t:anchor" } });
    const cp = (await anchorAuditHead({ force: true }))!;
    const entry = await db().auditEntry.findFirstOrThrow({ where: { action: "test.before_anchor" } });
    expect(cp).toMatchObject({ seq: entry.seq, hash: entry.hash });
    expect(await db().auditOutbox.count()).toBe(0);
  });

  it("a driver transaction's entries are in the chain when it returns, after a row left waiting before it, in order (on SQLite chained before its COMMIT)", async () => {
    const before = await db().auditEntry.count();
    await db().auditOutbox.create({ data: { actor: "agent:a", action: "test.left_waiting", subject: "t:driver", createdAt: new Date("2026-11-30T13:00:00.000Z") } });
    await transaction(async (tx) => {
      for (let i = 0; i < 3; i++) await appendAudit(tx, { actor: "test", action: "test.driver", subject: "t:driver", after: { i } });
    }, { path: "driver" });
    expect(await db().auditOutbox.count()).toBe(0);
    const chained = await db().auditEntry.findMany({ where: { subject: "t:driver" }, orderBy: { seq: "asc" } });
    expect(chained.map((e) => [e.action, e.after])).toEqual([
      ["test.left_waiting", null], ["test.driver", "{\"i\":0}"], ["test.driver", "{\"i\":1}"], ["test.driver", "{\"i\":2}"],
    ]);
    expect(chained.map((e) => e.seq)).toEqual([1, 2, 3, 4].map((k) => before + k));
    expect(await forks()).toEqual([]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, entries: before + 4, pending: { count: 0 } });
  });

  it("a driver transaction that fails leaves no entry behind", async () => {
    const before = await db().auditEntry.count();
    await expect(transaction(async (tx) => {
      await appendAudit(tx, { actor: "test", action: "test.driver_rolled_back", subject: "t:y" });
      throw new Error("changed my mind");
    }, { path: "driver" })).rejects.toThrow("changed my mind");
    expect(await db().auditOutbox.count()).toBe(0);
    expect(await db().auditEntry.count()).toBe(before);
  });
});
