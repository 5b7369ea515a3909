import { describe, expect, inject, it } from "vitest";
import { appendPendingAudit } from "../../lib/server/audit/append-pending.ts";
import { verifyAuditChain } from "../../lib/server/audit/verify-audit.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, signAs } from "../factories/agents.ts";
import { createTestBoundary, type TestBoundary } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";

const [A, B] = inject("replicaUrls");

/** The receiver's signed report of seq 1, CLOSED → OPEN (each call a new event id). */
const trip = (b: TestBoundary) => signAs(b.receiver, cloudEvent(b.receiver, "breaker.transition", {
  sender: b.sender.id, receiver: b.receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "test", failureCount: 3, anomalyRate: 0.1,
}));

async function post(events: string[], base: string) {
  const res = await postEvents(events, { base });
  expect(res.status, JSON.stringify(res.body)).toBe(207);
  expect(res.body?.accepted).toBe(events.length);
}

/** Predecessors that more than one audit entry chains to: a fork of the chain. */
async function forks(): Promise<{ prevHash: string; n: bigint }[]> {
  return getDb().$queryRawUnsafe(`SELECT "prevHash", COUNT(*) AS "n" FROM "AuditEntry" GROUP BY "prevHash" HAVING COUNT(*) > 1`);
}

/** `n` test boundaries, four registered at a time (the test process's pool is small). */
async function createBoundaries(n: number, prefix: string): Promise<TestBoundary[]> {
  const out: TestBoundary[] = [];
  while (out.length < n) out.push(...(await Promise.all(Array.from({ length: Math.min(4, n - out.length) }, () => createTestBoundary(prefix)))));
  return out;
}

const auditCount = (ids: string[], action: string, prefix: string) =>
  getDb().auditEntry.count({ where: { action, subject: { in: ids.map((id) => `${prefix}:${id}`) } } });

describe("trips on many boundaries from both replicas at once: one chain, one entry per trip", () => {
  it("40 boundaries tripped in batches split across A and B: 40 reviews, one transition and one review entry each, no fork, the chain verifies", async () => {
    const boundaries = await createBoundaries(40, "ct");
    const ids = boundaries.map((b) => b.id);
    const events = await Promise.all(boundaries.map(trip));
    // Batches of 1 to 4 trips, alternately to A and B, all in flight together.
    const batches: string[][] = [];
    for (let i = 0, size = 1; i < events.length; i += size, size = (size % 4) + 1) batches.push(events.slice(i, i + size));
    await Promise.all(batches.map((batch, k) => post(batch, k % 2 ? B : A)));
    // Each replica chained what it queued before it answered; chain anything left (there should be nothing).
    await appendPendingAudit();
    expect(await getDb().auditOutbox.count()).toBe(0);
    const reviews = await getDb().review.findMany({ where: { boundaryId: { in: ids } }, select: { id: true, boundaryId: true, epoch: true } });
    expect(reviews).toHaveLength(40);
    expect(new Set(reviews.map((r) => r.boundaryId)).size).toBe(40);
    expect(await auditCount(ids, "boundary.transition", "boundary")).toBe(40);
    expect(await auditCount(reviews.map((r) => r.id), "review.created", "review")).toBe(40);
    expect(await forks()).toEqual([]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, pending: { count: 0 } });
  });

  it("the same trip reported to A and B at once (two event ids, one seq): one applied, one epoch, one review per boundary", async () => {
    const boundaries = await createBoundaries(8, "cs");
    const ids = boundaries.map((b) => b.id);
    const pairs = await Promise.all(boundaries.map(async (b) => [await trip(b), await trip(b)]));
    await Promise.all(pairs.flatMap(([a, b]) => [post([a], A), post([b], B)]));
    await appendPendingAudit();
    for (const b of boundaries) {
      const rows = await getDb().breakerTransition.findMany({ where: { boundaryId: b.id } });
      expect(rows, b.id).toHaveLength(2);
      expect(rows.filter((r) => r.applied), b.id).toHaveLength(1);
      expect(await getDb().boundary.findUniqueOrThrow({ where: { id: b.id } }), b.id).toMatchObject({ state: "OPEN", epoch: 1, lastSeq: 1 });
      expect(await getDb().review.count({ where: { boundaryId: b.id } }), b.id).toBe(1);
    }
    expect(await auditCount(ids, "boundary.transition", "boundary")).toBe(8);
    expect(await forks()).toEqual([]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
