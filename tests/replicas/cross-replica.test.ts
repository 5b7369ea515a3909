import { beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { agentToken, verifyControlPlane } from "../factories/agent-requests.ts";
import { cloudEvent, signAs } from "../factories/agents.ts";
import { createTestBoundary, reviewsOf, type TestBoundary } from "../factories/breaker.ts";
import { postEvents } from "../factories/http.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";
import { openStream } from "../factories/sse.ts";

// Two replicas (A, B) of the production build on one PostgreSQL: see tests/support/replicas-setup.ts.
const [A, B] = inject("replicaUrls");
let reviewer: TestSession;
let reviewer2: TestSession;
let security: TestSession;

beforeAll(async () => {
  [reviewer, reviewer2, security] = await Promise.all([sessionAs("reviewer"), sessionAs("reviewer"), sessionAs("security")]);
});

/** The receiver reports CLOSED → OPEN for its boundary through the replica at `base`. */
async function tripVia(b: TestBoundary, base: string) {
  const jws = await signAs(b.receiver, cloudEvent(b.receiver, "breaker.transition", {
    sender: b.sender.id, receiver: b.receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "test", failureCount: 3, anomalyRate: 0.1,
  }));
  const res = await postEvents([jws], { base });
  expect(res.body?.accepted).toBe(1);
}

const post = (base: string, session: TestSession, path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: "POST", headers: { cookie: session.cookie, "content-type": "application/json", origin: base }, body: JSON.stringify(body) });

describe("two replicas on one PostgreSQL", () => {
  it("a trip ingested on either replica shows on the live streams of both, and is stored once", async () => {
    const [onA, onB] = [await openStream(reviewer.cookie, A), await openStream(reviewer.cookie, B)];
    try {
      await Promise.all([onA.waitFor((e) => e.event === "ready"), onB.waitFor((e) => e.event === "ready")]);
      const boundaries = await Promise.all([1, 2, 3, 4].map(() => createTestBoundary("xr")));
      await Promise.all(boundaries.map((b, i) => tripVia(b, i % 2 ? B : A)));
      for (const stream of [onA, onB]) {
        for (const b of boundaries) {
          await stream.waitFor((e) => e.event === "review.created" && (e.data as { boundaryId: string }).boundaryId === b.id, 10_000);
        }
      }
      const ids = boundaries.map((b) => b.id);
      expect(await getDb().breakerTransition.count({ where: { boundaryId: { in: ids } } })).toBe(4);
      expect(await getDb().review.count({ where: { boundaryId: { in: ids }, status: "pending" } })).toBe(4);
      expect(await getDb().boundary.count({ where: { id: { in: ids }, state: "OPEN" } })).toBe(4);
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });

  it("two reviewers deciding the same review on different replicas: one wins, the other gets 409 and changes nothing", async () => {
    const boundaries = await Promise.all([1, 2, 3, 4, 5].map(() => createTestBoundary("xd")));
    for (const b of boundaries) await tripVia(b, A);
    for (const b of boundaries) {
      const [review] = await reviewsOf(b.id);
      const path = `/api/v1/reviews/${review.id}/decision`;
      const results = await Promise.all([
        post(A, reviewer, path, { decision: "approve", comment: "fixed" }),
        post(B, reviewer2, path, { decision: "reject", comment: "not yet" }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const after = await getDb().review.findUniqueOrThrow({ where: { id: review.id } });
      expect(await getDb().approval.count({ where: { reviewId: review.id } })).toBe(1);
      expect(await getDb().auditEntry.count({ where: { subject: `review:${review.id}`, action: { in: ["review.approve", "review.reject"] } } })).toBe(1);
      const grants = await getDb().directive.count({ where: { agentId: b.receiver.id, type: "approve_half_open" } });
      expect(grants).toBe(after.status === "approved" ? 1 : 0);
    }
  });

  it("a directive queued through replica A reaches an agent long-polling replica B, once", async () => {
    const b = await createTestBoundary("xp");
    await b.validate(["accepted"]);
    const agent = b.receiver;
    const feed = async (base: string, query: string) => {
      const res = await fetch(`${base}/api/v1/agents/${agent.id}/directives${query}`, { headers: { authorization: `Bearer ${await agentToken(agent)}` } });
      expect(res.status).toBe(200);
      return verifyControlPlane<{ directives: { type: string }[]; cursor: string }>(await res.text(), "fb-directives+jws");
    };
    const { cursor } = await feed(B, "?wait=0");
    const waiting = feed(B, `?wait=25&after=${cursor}`);
    await new Promise((r) => setTimeout(r, 500)); // the request is held on B
    expect((await post(A, security, `/api/v1/boundaries/${b.id}/force-open`, { reason: "replica test" })).status).toBe(200);
    const got = await waiting;
    // Answered with the directive, not empty at its 25 s deadline.
    expect(got.directives.map((d) => d.type)).toEqual(["force_open"]);
    expect((await feed(A, `?wait=0&after=${got.cursor}`)).directives).toEqual([]);
    expect(await getDb().directive.count({ where: { agentId: agent.id, type: "force_open" } })).toBe(1);
  });
});
