import http, { type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { forward, ForwardError } from "../../../sidecar/http/forward.ts";

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r())));

/** A real upstream; `onRequest` says, per request and its number on its connection, whether to answer or drop the connection. */
async function upstream(onRequest: (nthOnConnection: number) => "answer" | "drop"): Promise<{ url: string; seen: () => number }> {
  const counts = new WeakMap<Socket, number>();
  let seen = 0;
  server = http.createServer((req, res) => {
    seen++;
    const n = (counts.get(req.socket) ?? 0) + 1;
    counts.set(req.socket, n);
    req.resume();
    if (onRequest(n) === "drop") return void req.socket.destroy();
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
}

const read = (m: http.IncomingMessage) => new Promise<string>((r) => { let t = ""; m.on("data", (c) => (t += c)).on("end", () => r(t)); });

describe("sidecar: forwarding on kept-alive connections", () => {
  it("a kept-alive connection the upstream drops as it is reused is retried once on a new one: the caller gets the answer", async () => {
    const up = await upstream((n) => (n === 2 ? "drop" : "answer"));
    const first = await forward(`${up.url}/a`, "POST", {}, Buffer.from("{}"), 5_000);
    expect(await read(first)).toBe("ok");
    const second = await forward(`${up.url}/a`, "POST", {}, Buffer.from("{}"), 5_000);
    expect(second.statusCode).toBe(200);
    expect(await read(second)).toBe("ok");
    expect(up.seen()).toBe(3);
  });

  it("a new connection that is dropped is not retried: the caller gets an unreachable error, and the upstream saw one request", async () => {
    const up = await upstream(() => "drop");
    const err = await forward(`${up.url}/b`, "POST", {}, Buffer.from("{}"), 5_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForwardError);
    expect((err as ForwardError).kind).toBe("unreachable");
    expect(up.seen()).toBe(1);
  });
});
