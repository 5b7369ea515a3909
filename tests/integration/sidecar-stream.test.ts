import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import type { TValidator } from "../../sdk/index.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { clientThrough, dataMessage, startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";
import { specEvents } from "../support/sse-spec.ts";

/** Streams a message to `peer` through `caller` with the A2A client: the kinds of the events received, and the error that ended it. */
async function streamThrough(caller: TRunningSidecar, peer: string, value: unknown): Promise<{ kinds: string[]; error: unknown }> {
  const client = await clientThrough(caller, peer);
  const kinds: string[] = [];
  try {
    for await (const ev of client.sendMessageStream(dataMessage(value))) kinds.push(ev.payload?.$case ?? "?");
  } catch (error) {
    return { kinds, error };
  }
  return { kinds, error: undefined };
}

/**
 * An HTTP proxy to `target` that rewrites the text of every SSE answer with `tamper` (whoever sits between two
 * sidecars can); other answers pass as they are.
 */
async function tamperingProxy(target: string, tamper: (sse: string) => string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const out = http.request(`${target}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
      const headers = { ...up.headers };
      if (!String(up.headers["content-type"]).startsWith("text/event-stream")) return res.writeHead(up.statusCode ?? 502, headers), void up.pipe(res);
      delete headers["content-length"];
      delete headers["transfer-encoding"];
      const chunks: Buffer[] = [];
      up.on("data", (c: Buffer) => chunks.push(c)).on("end", () => res.writeHead(up.statusCode ?? 502, headers).end(tamper(Buffer.concat(chunks).toString("utf8"))));
    });
    out.on("error", () => res.destroy());
    req.pipe(out);
  }).listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r(undefined))) };
}

const controlPlane = inject("baseUrl");
let x: TestAgent, y: TestAgent;
let agentY: TA2aAgent;
let sideX: TRunningSidecar, sideY: TRunningSidecar;
let prices: number[] = [];

/** X's check of every event Y streams: no negative price anywhere in it. */
const noNegativePrice: TValidator = (m) => (/"price":-/.test(JSON.stringify(m.body)) ? { ok: false, reason: "negative price in the stream", anomalyScore: 0.9 } : { ok: true });

beforeAll(async () => {
  [x, y] = [await createTestAgent("scs-x"), await createTestAgent("scs-y")];
  agentY = await startA2aAgent("streamer", () => ({ stream: prices.map((price) => ({ price })) }));
  sideY = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url });
  sideX = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [y.id]: sideY.inboundUrl }, validatorsFor: () => [noNegativePrice] });
});
afterAll(async () => {
  await Promise.all([sideX?.close(), sideY?.close(), agentY?.close()]);
});

describe("sidecar: SendStreamingMessage is covered event by event", () => {
  it("a clean stream arrives whole and in order; each event was signed on the way and the signature field is gone when it arrives", async () => {
    prices = [1, 2, 3];
    const client = await clientThrough(sideX, y.id);
    const kinds: string[] = [];
    for await (const ev of client.sendMessageStream(dataMessage({ sku: "bolt" }))) kinds.push(ev.payload?.$case ?? "?");
    expect(kinds).toEqual(["task", "artifactUpdate", "artifactUpdate", "artifactUpdate", "statusUpdate"]);

    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendStreamingMessage", params: { message: { messageId: "raw-1", role: "ROLE_USER", parts: [{ text: "go" }] } } });
    const raw = await fetch(`${sideX.outboundUrl}/peers/${y.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream", "a2a-version": "1.0" }, body });
    const text = await raw.text();
    expect(text.match(/^data: /gm)).toHaveLength(5);
    expect(text).not.toMatch(/^firebreak:/m);
    await sideX.core.ctx.reporter.flush();
    const accepted = await getDb().messageValidation.count({ where: { sender: y.id, receiver: x.id, outcome: "accepted" } });
    expect(accepted).toBe(10); // every event of both streams, one message each
  });

  it("a stream whose events fail validation is cut at the first bad event with a JSON-RPC error event; the events before it arrive", async () => {
    prices = [4, -50, 6];
    const { kinds, error } = await streamThrough(sideX, y.id, { sku: "nut" });
    expect(kinds).toEqual(["task", "artifactUpdate"]);
    expect(String((error as Error)?.message)).toMatch(/stream cut by Firebreak/);

    const body = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "SendStreamingMessage", params: { message: { messageId: "raw-2", role: "ROLE_USER", parts: [{ text: "go" }] } } });
    const raw = await fetch(`${sideX.outboundUrl}/peers/${y.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream", "a2a-version": "1.0" }, body });
    const events = (await raw.text()).trim().split("\n\n").map((e) => JSON.parse(e.replace(/^data: /, "")) as { id: number; result?: unknown; error?: { data: { firebreak: { reason: string; reasons: string[] } } } });
    expect(events.map((e) => (e.error ? "error" : "result"))).toEqual(["result", "result", "error"]);
    expect(events[2]).toMatchObject({ id: 2, error: { data: { firebreak: { reason: "validation_failed", reasons: ["negative price in the stream"] } } } });
    await sideX.core.ctx.reporter.flush();
    expect(await getDb().messageValidation.count({ where: { sender: y.id, receiver: x.id, outcome: "rejected" } })).toBe(2);
  });

  it("a line ended by a bare CR (the WHATWG rules) cannot hide an event from the checks: every event a spec client parses was signed and checked", async () => {
    const event = (price: number) => `data: ${JSON.stringify({ jsonrpc: "2.0", id: 3, result: { artifactUpdate: { taskId: "t", artifact: { artifactId: "a", parts: [{ data: { price } }] } } } })}`;
    let wire = "";
    const raw = http.createServer((req, res) => {
      req.resume().on("end", () => res.writeHead(200, { "content-type": "text/event-stream" }).end(wire));
    }).listen(0, "127.0.0.1");
    await new Promise((r) => raw.once("listening", r));
    const upstream = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    const streams = [`${event(1)}\n\r${event(-1)}\n\n`, `\r${event(-1)}\n\n`, `${event(1)}\r\r${event(-1)}\r\r`, `: hi\nid: 1\n\r${event(-1)}\n\n`];
    try {
      for (const [n, stream] of streams.entries()) {
        // A fresh pair each time: the refusals would otherwise trip the breaker and the next stream would not be sent.
        const [cx, cy] = [await createTestAgent(`scs-cr${n}-x`), await createTestAgent(`scs-cr${n}-y`)];
        const side = await startTestSidecar({ agent: cy, controlPlane, upstream });
        const caller = await startTestSidecar({ agent: cx, controlPlane, upstream: "http://127.0.0.1:9", peers: { [cy.id]: side.inboundUrl }, validatorsFor: () => [noNegativePrice] });
        wire = stream;
        const body = JSON.stringify({ jsonrpc: "2.0", id: 3, method: "SendStreamingMessage", params: { message: { messageId: `cr-${n}`, role: "ROLE_USER", parts: [{ text: "go" }] } } });
        const res = await fetch(`${caller.outboundUrl}/peers/${cy.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream", "a2a-version": "1.0" }, body });
        const events = specEvents(await res.text()).map((d) => JSON.parse(d) as { result?: unknown; error?: { data: { firebreak: { reason: string } } } });
        await Promise.all([side.close(), caller.close()]);
        expect(JSON.stringify(events)).not.toMatch(/"price":-1/);
        expect([n, events.at(-1)?.error?.data.firebreak.reason]).toEqual([n, "validation_failed"]);
      }
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });

  it("a proxy between the sidecars that adds an event: line to a signed event cuts the stream there: the a2a-js client gets the events before it, then the cut", async () => {
    prices = [7, 8, 9];
    const [tx, ty] = [await createTestAgent("scs-tamper-x"), await createTestAgent("scs-tamper-y")];
    const side = await startTestSidecar({ agent: ty, controlPlane, upstream: agentY.url });
    // The second event becomes an `error` event (the a2a-js REST client throws on one; others read the type too).
    let n = 0;
    const proxy = await tamperingProxy(side.inboundUrl, (sse) => sse.replace(/^data: /gm, (m) => (++n === 2 ? "event: error\ndata: " : m)));
    const caller = await startTestSidecar({ agent: tx, controlPlane, upstream: "http://127.0.0.1:9", peers: { [ty.id]: proxy.url } });
    try {
      const { kinds, error } = await streamThrough(caller, ty.id, { sku: "washer" });
      expect(kinds).toEqual(["task"]);
      expect(String((error as Error)?.message)).toMatch(/stream cut by Firebreak: the body does not match its signature/);
    } finally {
      await Promise.all([caller.close(), proxy.close(), side.close()]);
    }
  });

  it("an event's event:, id:, retry: and comment lines are signed with its data: one changed on the way never reaches the caller, and an untouched stream arrives byte for byte", async () => {
    const event = (price: number) => `data: ${JSON.stringify({ jsonrpc: "2.0", id: 4, result: { artifactUpdate: { taskId: "t", artifact: { artifactId: "a", parts: [{ data: { price } }] } } } })}`;
    const wire = `event: message\nid: 1\n${event(1)}\n\n: the second\nevent: message\nid: 2\nretry: 5000\n${event(2)}\n\nid: 3\n${event(3)}\n\n`;
    const raw = http.createServer((req, res) => {
      req.resume().on("end", () => res.writeHead(200, { "content-type": "text/event-stream" }).end(wire));
    }).listen(0, "127.0.0.1");
    await new Promise((r) => raw.once("listening", r));
    const upstream = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    const tampers: [string, (s: string) => string][] = [
      ["untouched", (s) => s],
      ["event renamed", (s) => s.replace("event: message\nid: 2", "event: error\nid: 2")],
      ["id changed", (s) => s.replace("id: 2\n", "id: 999\n")],
      ["retry changed", (s) => s.replace("retry: 5000", "retry: 1")],
      ["retry added", (s) => s.replace("id: 2\n", "id: 2\nretry: 1\n")],
      ["event line removed", (s) => s.replace("event: message\nid: 2", "id: 2")],
      ["comment changed", (s) => s.replace(": the second", ": go to evil.example")],
    ];
    try {
      for (const [name, tamper] of tampers) {
        const [cx, cy] = [await createTestAgent("scs-fields-x"), await createTestAgent("scs-fields-y")];
        const side = await startTestSidecar({ agent: cy, controlPlane, upstream });
        const proxy = await tamperingProxy(side.inboundUrl, tamper);
        const caller = await startTestSidecar({ agent: cx, controlPlane, upstream: "http://127.0.0.1:9", peers: { [cy.id]: proxy.url } });
        const body = JSON.stringify({ jsonrpc: "2.0", id: 4, method: "SendStreamingMessage", params: { message: { messageId: `fields-${name}`, role: "ROLE_USER", parts: [{ text: "go" }] } } });
        const res = await fetch(`${caller.outboundUrl}/peers/${cy.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", accept: "text/event-stream", "a2a-version": "1.0" }, body });
        const text = await res.text();
        await Promise.all([caller.close(), proxy.close(), side.close()]);
        if (name === "untouched") {
          expect(text).toBe(wire);
          continue;
        }
        // The first event arrives as it was sent; the changed second one is replaced by the cut, and nothing follows.
        const blocks = text.split("\n\n");
        expect([name, blocks[0]]).toEqual([name, `event: message\nid: 1\n${event(1)}`]);
        const cut = JSON.parse(blocks[1]!.replace(/^data: /, "")) as { id: number; error?: { message: string; data: { firebreak: { reason: string } } } };
        expect([name, cut.id, cut.error?.data.firebreak.reason, blocks.slice(2)]).toEqual([name, 4, "bad_digest", [""]]);
        expect(text).not.toMatch(/evil|retry: 1\n|id: 999|event: error|"price":[23]/);
      }
    } finally {
      await new Promise((r) => raw.close(r));
    }
  });
});
