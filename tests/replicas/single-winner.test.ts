import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { seedPolicy } from "../../lib/server/policy/seed-policy.ts";
import { recordAttempt } from "../../lib/server/webhooks/record-attempt.ts";
import { createTestAgent } from "../factories/agents.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";

// Two replicas (A, B) on one PostgreSQL: one change asked for many times at once, half through each.
const [A, B] = inject("replicaUrls");
const N = 6;
let admin: TestSession;

beforeAll(async () => {
  admin = await sessionAs("admin");
});

/** POSTs the same body N times at once, alternating replicas: each answer's status and problem detail. */
async function raceTo(path: string, body: unknown) {
  return Promise.all(Array.from({ length: N }, async (_, i) => {
    const base = i % 2 === 0 ? A : B;
    const res = await fetch(`${base}${path}`, {
      method: "POST", headers: { cookie: admin.cookie, "content-type": "application/json", origin: base }, body: JSON.stringify(body),
    });
    const json = await res.json();
    return { status: res.status, detail: res.ok ? null : String(json.detail) };
  }));
}

const auditCount = (subject: string, action: string) => getDb().auditEntry.count({ where: { subject, action } });

describe("a change made on both replicas at once happens once", () => {
  it("revoking one key: one 200, the rest 409 'already revoked', one audit entry (so one notice to the agents)", async () => {
    const agent = await createTestAgent("xk");
    const answers = await raceTo(`/api/v1/agents/keys/${agent.kid}/revoke`, {});
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array<number>(N - 1).fill(409)]);
    for (const a of answers.filter((a) => a.status === 409)) expect(a.detail).toBe(`key ${agent.kid} is already revoked`);
    expect(await auditCount(`agent:${agent.id}`, "agent.key_revoked")).toBe(1);
  });

  it("suspending one agent: every answer says suspended, one audit entry", async () => {
    const agent = await createTestAgent("xz");
    const answers = await raceTo(`/api/v1/agents/${agent.id}/status`, { status: "suspended" });
    expect(answers.map((a) => a.status)).toEqual(Array<number>(N).fill(200));
    expect(await auditCount(`agent:${agent.id}`, "agent.suspended")).toBe(1);
  });

  it("publishing a policy version from the same one: one 201, the rest a 409 that says why, one new version", async () => {
    const { policy, version } = await seedPolicy({ fresh: true }); // on a fresh database, version 1 first
    const answers = await raceTo("/api/v1/policy/versions", { document: policy });
    const won = answers.filter((a) => a.status === 201);
    expect(won.length).toBeGreaterThanOrEqual(1); // a slow request may read the winner's version and publish the next one
    for (const a of answers.filter((a) => a.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.detail).toMatch(/^someone else published policy version \d+ at the same moment/);
    }
    expect(await getDb().policyVersion.count({ where: { version: { gt: version } } })).toBe(won.length);
  });

  it("deliveries of one failing webhook recorded at once: it is disabled once, one audit entry, one incident", async () => {
    const db = getDb();
    const now = new Date();
    const hook = await db.webhook.create({
      data: { id: `whk_${randomUUID()}`, url: "https://example.test/hook", kinds: "[]", format: "standard", secret: "whsec_x", createdBy: "test", failingSince: new Date(now.getTime() - 2 * 86_400_000) },
    });
    const deliveries = await Promise.all(Array.from({ length: 4 }, (_, i) => db.webhookDelivery.create({
      data: { id: `dlv_${randomUUID()}`, webhookId: hook.id, eventId: `msg_${i}_${randomUUID()}`, kind: "incident.opened", payload: "{}", status: "pending", attempts: 1, nextAttemptAt: now, retryUntil: new Date(now.getTime() + 86_400_000) },
    })));
    await Promise.all(deliveries.map((d) => recordAttempt({
      delivery: d, result: { statusCode: 500, latencyMs: 1, error: null }, now, backoff: { baseMs: 1_000, maxMs: 60_000 }, disableAfterMs: 86_400_000,
    })));
    expect((await db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).enabled).toBe(false);
    expect(await auditCount(`webhook:${hook.id}`, "webhook.disabled")).toBe(1);
    expect(await db.incident.count({ where: { type: "webhook_disabled", detail: { startsWith: `webhook ${hook.id} ` } } })).toBe(1);
  });
});
