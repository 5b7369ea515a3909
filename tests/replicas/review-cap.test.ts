import { beforeAll, describe, expect, inject, it } from "vitest";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { sessionAs, type TestSession } from "../factories/session.ts";

const [A, B] = inject("replicaUrls");
const CAP = 3; // the replicas' FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER (tests/support/replicas-setup.ts)

/** The receiver reports CLOSED → OPEN on its boundary with `sender`, through the replica at `base`. */
async function tripVia(receiver: TestAgent, sender: TestAgent, base: string) {
  const jws = await signAs(receiver, cloudEvent(receiver, "breaker.transition", {
    sender: sender.id, receiver: receiver.id, seq: 1, from: "CLOSED", to: "OPEN", reason: "test", failureCount: 3, anomalyRate: 0.1,
  }));
  const res = await postEvents([jws], { base });
  expect(res.body?.accepted, JSON.stringify(res.body)).toBe(1);
}

describe("the cap of pending reviews per receiver holds across replicas", () => {
  it("trips on one receiver's boundaries split across both replicas at once: the cap of reviews, one review_cap incident, every boundary OPEN", async () => {
    for (let round = 0; round < 3; round++) {
      const receiver = await createTestAgent("xc-r");
      const senders = await Promise.all(Array.from({ length: 10 }, () => createTestAgent("xc-s")));
      await Promise.all(senders.map((s, i) => tripVia(receiver, s, i % 2 === 0 ? A : B)));
      const ids = senders.map((s) => boundaryId(s.id, receiver.id));
      const db = getDb();
      expect(await db.boundary.count({ where: { id: { in: ids }, state: "OPEN", epoch: 1 } })).toBe(senders.length);
      expect(await db.review.count({ where: { boundaryId: { in: ids }, status: "pending" } })).toBe(CAP);
      const capped = await db.incident.count({ where: { type: "review_cap", detail: { startsWith: `${receiver.id} has` } } });
      expect(capped).toBe(1);
    }
  });
});

describe("one receiver's boundaries move one transaction at a time across replicas", () => {
  let security: TestSession;
  beforeAll(async () => {
    security = await sessionAs("security");
  });

  it("a person force-opens a boundary on A while its agent reports the trip on B: one epoch each, one pending review", async () => {
    // A receiver each (the cap of pending reviews stays out of it), the boundary made (CLOSED) by a message.
    const pairs = await Promise.all(Array.from({ length: 6 }, async () => ({ sender: await createTestAgent("xf-s"), receiver: await createTestAgent("xf-r") })));
    for (const { sender, receiver } of pairs) {
      const jws = await signAs(receiver, cloudEvent(receiver, "message.validated", validatedData(sender.id, receiver.id)));
      expect((await postEvents([jws], { base: B })).body?.accepted).toBe(1);
    }
    await Promise.all(pairs.flatMap(({ sender, receiver }) => {
      const forceOpen = fetch(`${A}/api/v1/boundaries/${boundaryId(sender.id, receiver.id)}/force-open`, {
        method: "POST", headers: { cookie: security.cookie, "content-type": "application/json", origin: A }, body: JSON.stringify({ reason: "race" }),
      }).then((r) => expect(r.status).toBe(200));
      return [forceOpen, tripVia(receiver, sender, B)];
    }));
    for (const { sender, receiver } of pairs) {
      const id = boundaryId(sender.id, receiver.id);
      const reviews = await getDb().review.findMany({ where: { boundaryId: id }, select: { epoch: true, status: true } });
      const boundary = await getDb().boundary.findUniqueOrThrow({ where: { id } });
      expect(new Set(reviews.map((r) => r.epoch)).size, JSON.stringify(reviews)).toBe(reviews.length);
      expect(reviews.filter((r) => r.status === "pending"), JSON.stringify(reviews)).toHaveLength(1);
      expect(boundary.epoch).toBe(Math.max(...reviews.map((r) => r.epoch)));
    }
  });
});
