import { beforeAll, describe, expect, inject, it } from "vitest";
import { createAgent, silentLogger } from "../../sdk/index.ts";
import { agentToken, verifyControlPlane } from "../factories/agent-requests.ts";
import { createTestBoundary } from "../factories/breaker.ts";
import { asUser, sessionAs, type TestSession } from "../factories/session.ts";

let security: TestSession;
beforeAll(async () => {
  security = await sessionAs("security");
});

const forceOpen = (boundaryId: string) =>
  asUser(security, `/api/v1/boundaries/${boundaryId}/force-open`, { method: "POST", body: JSON.stringify({ reason: "kill switch test" }) });

type Feed = { directives: { type: string }[]; cursor: string };

describe("directives reach agents by long polling", () => {
  it("a waiting directive request is answered with a directive queued while it waits (not at its deadline, empty)", async () => {
    const b = await createTestBoundary("push");
    await b.validate(["accepted"]);
    const agent = b.receiver;
    const url = (wait: number) => `${inject("baseUrl")}/api/v1/agents/${agent.id}/directives?wait=${wait}`;
    const first = await fetch(url(0), { headers: { authorization: `Bearer ${await agentToken(agent)}` } });
    const { cursor } = await verifyControlPlane<Feed>(await first.text(), "fb-directives+jws");

    const waiting = fetch(`${url(20)}&after=${cursor}`, { headers: { authorization: `Bearer ${await agentToken(agent)}` } });
    await new Promise((r) => setTimeout(r, 300));
    expect((await forceOpen(b.id)).status).toBe(200);
    const feed = await verifyControlPlane<Feed>(await (await waiting).text(), "fb-directives+jws");
    expect(feed.directives.map((d) => d.type)).toEqual(["force_open"]);
  });

  it("with nothing queued the request is answered empty at its deadline; a wait past 30 s is a 400", async () => {
    const b = await createTestBoundary("idle");
    const agent = b.receiver;
    const res = await fetch(`${inject("baseUrl")}/api/v1/agents/${agent.id}/directives?wait=1`, { headers: { authorization: `Bearer ${await agentToken(agent)}` } });
    expect((await verifyControlPlane<Feed>(await res.text(), "fb-directives+jws")).directives).toEqual([]);
    const tooLong = await fetch(`${inject("baseUrl")}/api/v1/agents/${agent.id}/directives?wait=31`, { headers: { authorization: `Bearer ${await agentToken(agent)}` } });
    expect(tooLong.status).toBe(400);
  });

  it("an SDK agent started in the background applies a force-open pushed to it while its request waits", async () => {
    const b = await createTestBoundary("push-sdk");
    await b.validate(["accepted"]);
    const agent = createAgent({ id: b.receiver.id, privateJwk: b.receiver.privateJwk, controlPlaneUrl: inject("baseUrl"), logger: silentLogger, longPollS: 20, pollIntervalMs: 60_000 });
    agent.start();
    try {
      await new Promise((r) => setTimeout(r, 1_000)); // the policy is fetched and the first long poll is waiting
      expect((await forceOpen(b.id)).status).toBe(200);
      // Plain polling every 60 s could not see it within the poll window below: only the held request can.
      await expect.poll(() => agent.breaker(b.sender.id).state, { timeout: 10_000, interval: 100 }).toBe("OPEN");
    } finally {
      await agent.close();
    }
  });

  it("a caller's own pollDirectives() while start()'s request is held is answered at once, and the background poll goes on", async () => {
    const b = await createTestBoundary("push-caller");
    await b.validate(["accepted"]);
    const agent = createAgent({ id: b.receiver.id, privateJwk: b.receiver.privateJwk, controlPlaneUrl: inject("baseUrl"), logger: silentLogger, longPollS: 30, pollIntervalMs: 60_000 });
    agent.start();
    try {
      await new Promise((r) => setTimeout(r, 1_000)); // the first long poll is held at the control plane
      // Behind the held request the caller's poll would wait out its 30 s: it must be answered well before.
      const answered = await Promise.race([agent.pollDirectives().then(() => "answered"), new Promise((r) => setTimeout(() => r("still waiting"), 10_000))]);
      expect(answered).toBe("answered");
      // The background poll holds again and still receives what is pushed.
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await forceOpen(b.id)).status).toBe(200);
      await expect.poll(() => agent.breaker(b.sender.id).state, { timeout: 10_000, interval: 100 }).toBe("OPEN");
    } finally {
      await agent.close();
    }
  });
});
