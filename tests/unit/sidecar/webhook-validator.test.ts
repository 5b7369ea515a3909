import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ZValidatorsConfig, createValidators } from "../../../sidecar/validators/index.ts";
import { a2aMessage, configDir } from "./support.ts";

const servers: Array<{ close: () => void }> = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A real HTTP validator on 127.0.0.1 answering with `handle`; returns its URL and the bodies it received. */
async function validatorServer(handle: (body: unknown, res: ServerResponse) => void) {
  const received: unknown[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (c) => (text += c));
    req.on("end", () => {
      received.push(JSON.parse(text));
      handle(received.at(-1), res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push({ close: () => (server.closeAllConnections(), server.close()) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/validate`, received };
}
const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const webhookFor = (url: string, webhookTimeoutMs?: number) =>
  createValidators(ZValidatorsConfig.parse([{ from: "*", webhook: url }]), { baseDir: configDir({}), webhookTimeoutMs })("price-monitor")[0];

describe("sidecar validators: the external HTTP validator", () => {
  it("is POSTed the message and its verdict is the result", async () => {
    const hook = await validatorServer((body, res) => {
      const quiet = JSON.stringify(body).includes("all quiet");
      json(res, 200, quiet ? { ok: true, anomalyScore: 0.1 } : { ok: false, reason: "not quiet", anomalyScore: 0.9 });
    });
    const check = webhookFor(hook.url);
    expect(await check(a2aMessage("price-monitor", [{ text: "all quiet" }]))).toEqual({ ok: true, anomalyScore: 0.1 });
    expect(await check(a2aMessage("price-monitor", [{ text: "noise" }]))).toEqual({ ok: false, reason: "not quiet", anomalyScore: 0.9 });
    expect(hook.received[0]).toMatchObject({ sender: "price-monitor", body: { jsonrpc: "2.0", result: { message: { parts: [{ text: "all quiet" }] } } } });
  });

  it("a failing webhook is a rejection that says why: an error status, no verdict, silence, nobody listening", async () => {
    const broken = await validatorServer((_b, res) => json(res, 500, { error: "boom" }));
    expect(await webhookFor(broken.url)(a2aMessage("x", []))).toEqual({ ok: false, reason: `webhook ${broken.url} answered HTTP 500` });

    const vague = await validatorServer((_b, res) => json(res, 200, { fine: "yes" }));
    expect(await webhookFor(vague.url)(a2aMessage("x", []))).toMatchObject({ ok: false, reason: expect.stringContaining("without a verdict") });

    const silent = await validatorServer(() => undefined);
    expect(await webhookFor(silent.url, 200)(a2aMessage("x", []))).toEqual({ ok: false, reason: `webhook ${silent.url} did not answer within 200 ms` });

    const gone = "http://127.0.0.1:9/validate";
    expect(await webhookFor(gone)(a2aMessage("x", []))).toMatchObject({ ok: false, reason: expect.stringMatching(/^webhook http:\/\/127\.0\.0\.1:9\/validate failed: /) });
  });
});
