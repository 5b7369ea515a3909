import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WEBHOOK_KINDS } from "../../lib/domain/webhooks.ts";
import { revokeKey } from "../../lib/server/agents/revoke-key.ts";
import { setAgentStatus } from "../../lib/server/agents/set-agent-status.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import { decideReview } from "../../lib/server/reviews/decide-review.ts";
import { deliverDue } from "../../lib/server/webhooks/deliver-due.ts";
import { expireDueApprovals } from "../../lib/server/reviews/expire-approvals.ts";
import { createTestAgent } from "../factories/agents.ts";
import { createTestBoundary, reviewsOf } from "../factories/breaker.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { startReceiver } from "../factories/webhook-receiver.ts";
import { eventually } from "../support/eventually.ts";
import { setEnv } from "../support/env.ts";
import { startOwnServer, type OwnServer } from "../support/own-server.ts";

let app: OwnServer;
let admin: TestSession;
let receiver: Awaited<ReturnType<typeof startReceiver>>; // a fresh one per test: nothing left over reaches the next
const person = (s: TestSession) => ({ id: s.id, role: s.role, email: s.email });

beforeAll(async () => {
  app = await startOwnServer("webhooks", {
    FIREBREAK_WEBHOOK_ALLOW: "127.0.0.1", FIREBREAK_WEBHOOK_BACKOFF_MS: "300", FIREBREAK_WEBHOOK_POLL_MS: "100", FIREBREAK_WEBHOOK_TIMEOUT_MS: "2000",
    FIREBREAK_AUDIT_ANCHOR_INTERVAL_S: "1", FIREBREAK_AUDIT_ANCHOR_FILE: path.join(mkdtempSync(path.join(tmpdir(), "fb-whk-")), "anchors.jsonl"),
  });
  admin = await sessionAs("admin");
}, 120_000);
beforeEach(async () => void (receiver = await startReceiver()));
afterEach(() => receiver.close());
afterAll(() => app?.stop());

async function subscribe(kinds: readonly string[], url = receiver.url(), format = "standard") {
  const res = await asUser(admin, "/api/v1/webhooks", { method: "POST", body: JSON.stringify({ url, kinds, format }) });
  return { status: res.status, body: await res.json() };
}
const deliveriesOf = async (id: string) => (await (await asUser(admin, `/api/v1/webhooks/${id}/deliveries`)).json()).deliveries;

describe("webhooks: signed deliveries from a durable outbox", () => {
  it("every event kind reaches a real receiver signed per Standard Webhooks, the secret shown only once", async () => {
    const created = await subscribe(WEBHOOK_KINDS);
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    receiver.state.secret = created.body.secret;
    const listed = await (await asUser(admin, "/api/v1/webhooks")).json();
    expect(JSON.stringify(listed)).not.toContain(created.body.secret);

    // A trip, approved, then closed; an unapproved reset (an incident); a policy, a suspension, a revocation, an expiry.
    const b = await createTestBoundary("whk");
    await b.report("CLOSED", "OPEN", { at: new Date(Date.now() - 290_000), reason: "failure_threshold" });
    const [review] = await reviewsOf(b.id);
    const decided = await decideReview({ reviewId: review.id, user: person(admin), decision: "approve", comment: "patched" });
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(decided.grant!.notBefore) - Date.now() + 50)));
    await b.report("OPEN", "HALF_OPEN", { approvalId: decided.grant!.approvalId });
    await b.report("HALF_OPEN", "CLOSED");
    const bypass = await createTestBoundary("whk");
    await bypass.report("CLOSED", "OPEN");
    await bypass.report("OPEN", "HALF_OPEN");
    const expiring = await createTestBoundary("whk");
    await expiring.report("CLOSED", "OPEN", { at: new Date(Date.now() - 290_000) });
    await decideReview({ reviewId: (await reviewsOf(expiring.id))[0].id, user: person(admin), decision: "approve", comment: "ok" });
    await expireDueApprovals(new Date(Date.now() + 3_600_000));
    await updatePolicy({ document: (await getCurrentPolicy({ fresh: true })).policy, user: person(admin) });
    const agent = await createTestAgent("whk");
    await revokeKey({ kid: agent.kid, actor: "test" });
    await setAgentStatus({ id: agent.id, status: "suspended", actor: "test" });

    await eventually(() => WEBHOOK_KINDS.every((k) => receiver.got.some((r) => r.kind === k)), 30_000, "every kind");
    for (const r of receiver.got) expect(r, `${r.kind} is signed`).toMatchObject({ verified: true });
    const opened = receiver.got.find((r) => r.kind === "review.opened" && (r.body.data as { boundaryId: string }).boundaryId === b.id)!;
    expect(opened.body.data).toMatchObject({ sender: b.sender.id, receiver: b.receiver.id, reason: "failure_threshold", blastRadius: [b.receiver.id] });
    expect((opened.body.data as { url: string }).url).toContain(`/reviews#${review.id}`);
    const audit = await getDb().auditEntry.findMany({ where: { subject: `webhook:${created.body.webhook.id}` } });
    expect(audit.map((a) => a.action)).toContain("webhook.created");
  });

  it("a receiver answering 500 then 200 gets the retry; the history shows both attempts", async () => {
    const created = await subscribe(["policy.published"]);
    receiver.state.secret = created.body.secret;
    let calls = 0;
    receiver.state.answer = () => (++calls === 1 ? 500 : 200);
    const test = await (await asUser(admin, `/api/v1/webhooks/${created.body.webhook.id}/test`, { method: "POST", body: "{}" })).json();
    const [d] = await eventually(async () => {
      const ds = await deliveriesOf(created.body.webhook.id);
      return ds[0]?.status === "delivered" ? ds : null;
    }, 20_000, "the retry");
    expect(d).toMatchObject({ eventId: test.eventId, kind: "webhook.test", attempts: 2, lastStatusCode: 200 });
    expect(receiver.got.filter((r) => r.id === test.eventId).map((r) => r.answered)).toEqual([500, 200]);
    const audit = await getDb().auditEntry.findMany({ where: { subject: `webhook:${created.body.webhook.id}` } });
    expect(audit.map((a) => a.action)).toEqual(["webhook.created", "webhook.test_sent"]);
  });

  // An attempt in flight when the server stops is retried once its claim lapses (timeout + 5 s): give it time.
  it("the server restarted mid-retry still delivers each event exactly once per webhook-id", { timeout: 90_000 }, async () => {
    const created = await subscribe(["policy.published"]);
    receiver.state.secret = created.body.secret;
    receiver.state.answer = () => 503;
    const before = receiver.got.length;
    for (let i = 0; i < 5; i++) await updatePolicy({ document: (await getCurrentPolicy({ fresh: true })).policy, user: person(admin) });
    const ids = await eventually(() => {
      const seen = new Set(receiver.got.slice(before).map((r) => r.id));
      return seen.size === 5 ? seen : null;
    }, 20_000, "a first failed attempt of each");
    await app.restart();
    receiver.state.answer = () => 200;
    await eventually(() => [...ids].every((id) => receiver.acknowledged().get(id)), 30_000, "every event acknowledged after the restart");
    await new Promise((r) => setTimeout(r, 1_000)); // time for any stray second delivery to show up
    for (const id of ids) expect(receiver.acknowledged().get(id), id).toBe(1);
    // The server records an acknowledgement just after the receiver sent it.
    await eventually(async () => (await deliveriesOf(created.body.webhook.id)).every((d: { status: string }) => d.status === "delivered"), 20_000, "every delivery recorded");
    expect(await deliveriesOf(created.body.webhook.id)).toHaveLength(5);
  });

  it("private, loopback, link-local and non-http targets are refused (422); a redirect is not followed", async () => {
    for (const url of ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://127.0.0.2:9/x", "http://[::1]:9/x", "http://[fe80::1]/x",
      "http://192.168.1.1/", "ftp://example.com/x", "http://user:pw@127.0.0.1/x", "not a url"]) {
      const res = await subscribe(["review.opened"], url);
      expect(res.status, url).toBe(422);
      expect(res.body.problems[0].path, url).toBe("url");
    }
    const created = await subscribe(["policy.published"]);
    receiver.state.secret = created.body.secret;
    receiver.state.answer = (r) => (r.path === "/hook" ? 302 : 200);
    const test = await (await asUser(admin, `/api/v1/webhooks/${created.body.webhook.id}/test`, { method: "POST", body: "{}" })).json();
    const [d] = await eventually(async () => {
      const ds = await deliveriesOf(created.body.webhook.id);
      return ds[0]?.lastStatusCode ? ds : null;
    }, 20_000, "the first attempt");
    expect(d).toMatchObject({ eventId: test.eventId, status: "pending", lastStatusCode: 302 });
    expect(receiver.got.some((r) => r.path === "/elsewhere")).toBe(false);
  });

  it("disabling stops deliveries; a rotated secret is shown once and signs from then on", async () => {
    const created = await subscribe(["policy.published"]);
    const id = created.body.webhook.id;
    const rotated = await (await asUser(admin, `/api/v1/webhooks/${id}`, { method: "POST", body: JSON.stringify({ rotateSecret: true }) })).json();
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.body.secret);
    receiver.state.secret = rotated.secret;
    const test = await (await asUser(admin, `/api/v1/webhooks/${id}/test`, { method: "POST", body: "{}" })).json();
    await eventually(() => receiver.acknowledged().get(test.eventId), 20_000, "the test event");
    expect(receiver.got.find((r) => r.id === test.eventId)).toMatchObject({ verified: true, kind: "webhook.test" });
    const off = await asUser(admin, `/api/v1/webhooks/${id}`, { method: "POST", body: JSON.stringify({ enabled: false }) });
    expect((await off.json()).webhook).toMatchObject({ enabled: false });
    expect((await asUser(admin, `/api/v1/webhooks/${id}/test`, { method: "POST", body: "{}" })).status).toBe(409);
    const actions = (await getDb().auditEntry.findMany({ where: { subject: `webhook:${id}` }, orderBy: { seq: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["webhook.created", "webhook.secret_rotated", "webhook.test_sent", "webhook.updated"]);
    expect(JSON.stringify(await getDb().auditEntry.findMany({ where: { subject: `webhook:${id}` } }))).not.toContain(rotated.secret);
  });

  it("a subscription failing for a day is given up, disabled, audited and raised as an incident", async () => {
    const restore = setEnv({ FIREBREAK_WEBHOOK_ALLOW: "127.0.0.1" }); // this process delivers the attempt "a day later" itself
    try {
      receiver.state.answer = () => 500;
      const created = await subscribe(["policy.published"]);
      const id = created.body.webhook.id;
      await asUser(admin, `/api/v1/webhooks/${id}/test`, { method: "POST", body: "{}" });
      await eventually(async () => (await deliveriesOf(id))[0]?.lastStatusCode === 500, 20_000, "a failed attempt");
      const dayLater = new Date(Date.now() + 86_400_000 + 60_000);
      await eventually(async () => {
        await deliverDue({ now: dayLater }).catch(() => null); // a busy database: the next pass tries again, as the worker does
        return !(await getDb().webhook.findUniqueOrThrow({ where: { id } })).enabled;
      }, 20_000, "the subscription disabled");
      expect((await deliveriesOf(id))[0]).toMatchObject({ status: "failed", lastStatusCode: 500 });
      const incident = await getDb().incident.findFirst({ where: { type: "webhook_disabled", detail: { contains: id } } });
      expect(incident?.detail).toContain("was disabled: deliveries failed since");
      expect((await getDb().auditEntry.findMany({ where: { subject: `webhook:${id}` } })).map((a) => a.action)).toContain("webhook.disabled");
    } finally {
      restore();
    }
  });
});
