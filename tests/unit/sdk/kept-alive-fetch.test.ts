import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { keptAliveFetch } from "../../../sdk/index.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => (s.close(r), s.closeAllConnections()))));
});

/** A real node:http server on 127.0.0.1 that counts the connections it accepted. */
async function start(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; connections: () => number }> {
  const server = createServer(handler);
  let connections = 0;
  server.on("connection", () => connections++);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe("keptAliveFetch: the SDK's requests to the control plane over kept-alive node:http connections", () => {
  it("sends method, headers and body, answers a standard Response, and reuses one connection for requests in turn", async () => {
    const s = await start((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c)).on("end", () => {
        res.writeHead(207, { "content-type": "application/json", etag: '"v1"' }).end(JSON.stringify({ method: req.method, auth: req.headers.authorization, body }));
      });
    });
    const first = await keptAliveFetch(`${s.url}/api/v1/events`, { method: "POST", headers: { authorization: "Bearer t", "content-type": "application/json" }, body: '{"events":[]}' });
    expect(first.status).toBe(207);
    expect(first.headers.get("etag")).toBe('"v1"');
    expect(await first.json()).toEqual({ method: "POST", auth: "Bearer t", body: '{"events":[]}' });
    const second = await keptAliveFetch(`${s.url}/x`);
    expect(await second.json()).toMatchObject({ method: "GET", body: "" });
    expect(s.connections()).toBe(1);
  });

  it("an answer without a body (304) has a null body; an error status is an answer, not a failure", async () => {
    const s = await start((req, res) => res.writeHead(req.url === "/same" ? 304 : 503, { "retry-after": "7" }).end());
    const same = await keptAliveFetch(`${s.url}/same`);
    expect(same.status).toBe(304);
    expect(same.body).toBeNull();
    const busy = await keptAliveFetch(`${s.url}/busy`);
    expect([busy.status, busy.ok, busy.headers.get("retry-after")]).toEqual([503, false, "7"]);
  });

  it("an abort signal ends a request the server holds, with the signal's reason (a timeout stays a TimeoutError)", async () => {
    const s = await start(() => {}); // never answers
    const err = await keptAliveFetch(`${s.url}/held`, { signal: AbortSignal.timeout(50) }).catch((e: Error) => e);
    expect((err as Error).name).toBe("TimeoutError");
  });

  it("a server that is not there is a rejected promise, as with fetch", async () => {
    const s = await start(() => {});
    const url = s.url;
    await new Promise((r) => (servers.pop()!.close(r)));
    await expect(keptAliveFetch(`${url}/gone`)).rejects.toThrow(/fetch failed/);
  });
});
