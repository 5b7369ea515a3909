import { beforeAll, describe, expect, it } from "vitest";
import { fetchDirectives } from "../factories/agent-requests.ts";
import { boundaryRow, createTestBoundary, reviewsOf } from "../factories/breaker.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";
import { openStream } from "../factories/sse.ts";

let reviewer: TestSession;
let reviewer2: TestSession;
let security: TestSession;

beforeAll(async () => {
  [reviewer, reviewer2, security] = await Promise.all([sessionAs("reviewer"), sessionAs("reviewer"), sessionAs("security")]);
});

const decide = (s: TestSession | null, reviewId: string, decision: string, comment?: string) =>
  asUser(s, `/api/v1/reviews/${reviewId}/decision`, { method: "POST", body: JSON.stringify({ decision, ...(comment === undefined ? {} : { comment }) }) });

async function trippedBoundary() {
  const b = await createTestBoundary("api");
  await b.report("CLOSED", "OPEN");
  const [review] = await reviewsOf(b.id);
  return { b, review };
}

describe("reviews API: people decide through same-origin JSON with a session", () => {
  it("two people deciding at the same moment get one 200 and one 409; the loser changes nothing", async () => {
    const { b, review } = await trippedBoundary();
    const results = await Promise.all([decide(reviewer, review.id, "approve", "fixed"), decide(reviewer2, review.id, "reject", "not yet")]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = await results.find((r) => r.status === 200)!.json();
    const loser = await results.find((r) => r.status === 409)!.json();
    expect(loser.code).toBe("conflict");
    expect(winner.review.approvals).toHaveLength(1);
    const directives = (await fetchDirectives(b.receiver)).directives;
    expect(directives).toHaveLength(winner.review.status === "approved" ? 1 : 0);
  });

  it("the same person approving twice gets 409, a decision without a comment 422", async () => {
    const { review } = await trippedBoundary();
    const missing = await decide(reviewer, review.id, "approve");
    expect(missing.status).toBe(422);
    expect((await decide(reviewer, review.id, "approve", "")).status).toBe(422);
    expect((await decide(reviewer, review.id, "approve", "ok")).status).toBe(200);
    const again = await decide(reviewer, review.id, "approve", "ok again");
    expect(again.status).toBe(409);
  });

  it("roles: anonymous 401, security may not decide (403), a reviewer may not force open (403), security may", async () => {
    const { b, review } = await trippedBoundary();
    for (const path of ["/api/v1/reviews?status=pending", "/api/v1/boundaries", "/api/v1/incidents", "/api/v1/stream", `/api/v1/boundaries/${b.id}`]) {
      expect((await asUser(null, path)).status).toBe(401);
    }
    expect((await decide(null, review.id, "approve", "x")).status).toBe(401);
    expect((await decide(security, review.id, "approve", "x")).status).toBe(403);
    const force = (s: TestSession) => asUser(s, `/api/v1/boundaries/${b.id}/force-open`, { method: "POST", body: JSON.stringify({ reason: "exfiltration" }) });
    expect((await force(reviewer)).status).toBe(403);
    const forced = await force(security);
    expect(forced.status).toBe(200);
    expect((await forced.json()).epoch).toBe(2);
    expect((await fetchDirectives(b.receiver)).directives.map((d) => d.type)).toEqual(["force_open"]);
  });

  it("a cross-site decision is refused even with a session", async () => {
    const { review } = await trippedBoundary();
    const res = await asUser(reviewer, `/api/v1/reviews/${review.id}/decision`, {
      method: "POST", headers: { origin: "https://evil.example" }, body: JSON.stringify({ decision: "approve", comment: "x" }),
    });
    expect(res.status).toBe(403);
  });

  it("lists pending reviews oldest first and boundaries with their pending review", async () => {
    const first = await trippedBoundary();
    const second = await trippedBoundary();
    const { reviews } = await (await asUser(reviewer, "/api/v1/reviews?status=pending&limit=500")).json();
    const ids = reviews.map((r: { id: string }) => r.id);
    expect(ids.indexOf(first.review.id)).toBeLessThan(ids.indexOf(second.review.id));
    expect(reviews.find((r: { id: string }) => r.id === first.review.id)).toMatchObject({
      boundaryId: first.b.id, sender: first.b.sender.id, receiver: first.b.receiver.id, epoch: 1, status: "pending", requiredApprovals: 1, approvals: [],
    });
    const { boundaries } = await (await asUser(reviewer, "/api/v1/boundaries")).json();
    expect(boundaries.find((x: { id: string }) => x.id === first.b.id)).toMatchObject({ state: "OPEN", epoch: 1, pendingReviewId: first.review.id });
    expect((await asUser(reviewer, "/api/v1/reviews?status=bogus")).status).toBe(422);
    // However long the queue, one boundary's pending review is found by asking for that boundary.
    const one = await (await asUser(reviewer, `/api/v1/reviews?status=pending&boundary=${encodeURIComponent(second.b.id)}`)).json();
    expect(one.reviews.map((r: { id: string }) => r.id)).toEqual([second.review.id]);
    expect((await (await asUser(reviewer, "/api/v1/reviews?status=pending&limit=1")).json()).reviews).toHaveLength(1);
    expect((await asUser(reviewer, "/api/v1/reviews?status=pending&limit=501")).status).toBe(422);
  });
});

describe("live stream: Server-Sent Events for the dashboard", () => {
  it("a trip, its review and its approval reach an open stream", async () => {
    const stream = await openStream(reviewer.cookie);
    try {
      expect(stream.res.headers.get("content-type")).toMatch(/text\/event-stream/);
      await stream.waitFor((e) => e.event === "ready");
      const { b, review } = await trippedBoundary();
      await stream.waitFor((e) => e.event === "boundary.updated" && (e.data as { boundaryId: string }).boundaryId === b.id);
      await stream.waitFor((e) => e.event === "review.created" && (e.data as { reviewId: string }).reviewId === review.id);
      expect((await decide(reviewer, review.id, "approve", "ok")).status).toBe(200);
      await stream.waitFor((e) => e.event === "review.updated" && (e.data as { reviewId: string }).reviewId === review.id);
      expect((await boundaryRow(b.id)).state).toBe("OPEN");
    } finally {
      await stream.close();
    }
  });
});
