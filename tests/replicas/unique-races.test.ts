import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";
import { createTestBoundary, reviewsOf } from "../factories/breaker.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";

// Two replicas (A, B) on one PostgreSQL: the same thing created many times at once, half through each.
const [A, B] = inject("replicaUrls");
const N = 8;
let admin: TestSession;

beforeAll(async () => {
  admin = await sessionAs("admin");
});

/** POSTs the same body N times at once, alternating replicas; the statuses and problem details, sorted. */
async function raceTo(path: string, body: unknown): Promise<{ statuses: number[]; details: string[] }> {
  const responses = await Promise.all(Array.from({ length: N }, async (_, i) => {
    const base = i % 2 === 0 ? A : B;
    const res = await fetch(`${base}${path}`, {
      method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json", origin: base }, body: JSON.stringify(body),
    });
    const json = await res.json();
    return { status: res.status, detail: res.status === 201 ? "" : String(json.detail), type: res.headers.get("content-type") };
  }));
  for (const r of responses.filter((r) => r.status !== 201)) expect(r.type).toContain("application/problem+json");
  return { statuses: responses.map((r) => r.status).sort(), details: [...new Set(responses.map((r) => r.detail).filter(Boolean))] };
}

const oneWinner = [201, ...Array<number>(N - 1).fill(409)];

async function newPublicJwk() {
  const { publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return exportJWK(publicKey);
}

describe("a unique thing created on both replicas at once: one 201, the rest the same 409 as a repeat, one row", () => {
  it("people with one email", async () => {
    const email = `race-${randomUUID().slice(0, 8)}@example.test`;
    const r = await raceTo("/api/v1/users", { email, password: "a long enough passphrase 42", role: "reviewer" });
    expect(r.statuses).toEqual(oneWinner);
    expect(r.details).toEqual([`a user with email ${email} exists`]);
    expect(await getDb().user.count({ where: { email } })).toBe(1);
  });

  it("agents with one id", async () => {
    const id = `race-${randomUUID().slice(0, 8)}`;
    const r = await raceTo("/api/v1/agents", { id, name: "Race" });
    expect(r.statuses).toEqual(oneWinner);
    expect(r.details).toEqual([`an agent ${id} is already registered`]);
    expect(await getDb().agent.count({ where: { id } })).toBe(1);
    expect(await getDb().agentKey.count({ where: { agentId: id } })).toBe(1);
  });

  it("one public key added to an agent", async () => {
    const agent = await createTestAgent("race-k");
    const publicJwk = await newPublicJwk();
    const r = await raceTo(`/api/v1/agents/${agent.id}/keys`, { publicJwk });
    expect(r.statuses).toEqual(oneWinner);
    expect(r.details).toHaveLength(1);
    expect(r.details[0]).toMatch(/^key \S+ is already registered$/);
    expect(await getDb().agentKey.count({ where: { agentId: agent.id } })).toBe(2);
  });

  it("different agents registered with one public key: one agent, no half-registered others", async () => {
    const publicJwk = await newPublicJwk();
    const prefix = `race-${randomUUID().slice(0, 8)}`;
    const responses = await Promise.all(Array.from({ length: N }, async (_, i) => {
      const base = i % 2 === 0 ? A : B;
      const res = await fetch(`${base}/api/v1/agents`, {
        method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json", origin: base },
        body: JSON.stringify({ id: `${prefix}-${i}`, name: "Race", publicJwk }),
      });
      return { status: res.status, detail: res.status === 201 ? "" : String((await res.json()).detail) };
    }));
    expect(responses.map((r) => r.status).sort()).toEqual(oneWinner);
    for (const r of responses.filter((r) => r.status === 409)) expect(r.detail).toMatch(/^key \S+ is already registered$/);
    expect(await getDb().agent.count({ where: { id: { startsWith: prefix } } })).toBe(1);
  });
});

describe("one person deciding one review on both replicas at once", () => {
  it("one decision stands, the other is a 409 that says it was theirs, one approval row", async () => {
    const reviewer = await sessionAs("reviewer");
    for (let i = 0; i < 3; i++) {
      const b = await createTestBoundary("xy");
      await b.report("CLOSED", "OPEN");
      const [review] = await reviewsOf(b.id);
      const results = await Promise.all([A, B].map(async (base) => {
        const res = await fetch(`${base}/api/v1/reviews/${review.id}/decision`, {
          method: "POST", headers: { cookie: reviewer.cookie, "content-type": "application/json", origin: base },
          body: JSON.stringify({ decision: "approve", comment: "fixed" }),
        });
        return { status: res.status, body: await res.json() };
      }));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.detail).toMatch(/^(you already|this review was already approved by)/);
      expect(await getDb().approval.count({ where: { reviewId: review.id } })).toBe(1);
    }
  });
});
