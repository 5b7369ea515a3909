import http from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync } from "node:crypto";
import { generateAgentCardSignature, verifyAgentCardSignature, type AgentCard } from "@a2a-js/sdk";
import { decodeProtectedHeader, exportJWK, importJWK, type CryptoKey, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import type { TValidator } from "../../sdk/index.ts";
import { createTestAgent, type TestAgent } from "../factories/agents.ts";
import { startA2aAgent, startTestSidecar, type TA2aAgent } from "../support/a2a.ts";

const controlPlane = inject("baseUrl");
let x: TestAgent, y: TestAgent, z: TestAgent;
let cardServer: http.Server;
let tamper = false;
/** The request targets the card agent saw. */
const agentSaw: string[] = [];
const started: { close: () => Promise<unknown> }[] = [];

/** An agent whose own card is signed (ES256 here: any A2A signer), its key at /.well-known/jwks.json. */
async function signedCardAgent(): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = { ...(await exportJWK(publicKey)), kid: "card-key", alg: "ES256" } as JWK;
  let url = "";
  const sign = generateAgentCardSignature(privateKey, { alg: "ES256", kid: "card-key", typ: "JOSE" });
  cardServer = http.createServer(async (req, res) => {
    agentSaw.push(req.url ?? "");
    if (req.url === "/.well-known/jwks.json") return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
    const card = { name: "signed", description: "a signed card", version: "1.0.0", supportedInterfaces: [{ url: `${url}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0" }], capabilities: {}, defaultInputModes: ["text"], defaultOutputModes: ["text"], skills: [] } as unknown as AgentCard;
    const signed = (await sign(card)) as unknown as Record<string, unknown>;
    if (tamper) signed.description = "changed after signing";
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(signed));
  }).listen(0, "127.0.0.1");
  await new Promise((r) => cardServer.once("listening", r));
  url = `http://127.0.0.1:${(cardServer.address() as AddressInfo).port}`;
  return url;
}

let sideX: TRunningSidecar, sideY: TRunningSidecar;
beforeAll(async () => {
  [x, y, z] = [await createTestAgent("scc-x"), await createTestAgent("scc-y"), await createTestAgent("scc-z")];
  sideY = await startTestSidecar({ agent: y, controlPlane, upstream: await signedCardAgent() });
  sideX = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [y.id]: sideY.inboundUrl } });
  started.push(sideX, sideY);
});
afterAll(async () => {
  await Promise.all(started.map((s) => s.close()));
  cardServer?.close();
});

describe("sidecar: agent cards and chains", () => {
  it("a signed card is verified, pointed at the sidecar and signed again with the agent's Firebreak key; through the caller's sidecar it points at /peers/P", async () => {
    const res = await fetch(`${sideY.inboundUrl}/.well-known/agent-card.json`);
    expect(res.status).toBe(200);
    const card = (await res.json()) as AgentCard & { signatures: { protected: string }[] };
    expect(card.supportedInterfaces[0].url).toBe(`${sideY.inboundUrl}/a2a/jsonrpc`);
    expect(decodeProtectedHeader({ protected: card.signatures[0].protected, payload: "", signature: "" } as never)).toMatchObject({ alg: "EdDSA", kid: y.kid, jku: `${controlPlane}/api/v1/agents/jwks` });
    const yPublic = (await importJWK({ kty: "OKP", crv: "Ed25519", x: y.privateJwk.x } as JWK, "EdDSA")) as CryptoKey;
    await expect(verifyAgentCardSignature(async () => yPublic)(card)).resolves.toBeUndefined();

    const through = (await (await fetch(`${sideX.outboundUrl}/peers/${y.id}/.well-known/agent-card.json`)).json()) as AgentCard & { signatures?: unknown };
    expect(through.supportedInterfaces[0].url).toBe(`${sideX.outboundUrl}/peers/${y.id}/a2a/jsonrpc`);
    expect(through.signatures).toBeUndefined();
  });

  it("a card whose own signature does not verify is not served", async () => {
    tamper = true;
    try {
      const res = await fetch(`${sideY.inboundUrl}/.well-known/agent-card.json`);
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { data: { firebreak: { reason: string } } } }).error.data.firebreak.reason).toBe("bad_agent_card");
    } finally {
      tamper = false;
    }
  });

  it("a message the agent sends under the contextId it was called with continues the caller's chain", async () => {
    const chains: string[][] = [];
    const capture: TValidator = (m) => (chains.push(m.chain), { ok: true });
    const agentZ: TA2aAgent = await startA2aAgent("z", () => ({ data: { done: true } }));
    const sideZ = await startTestSidecar({ agent: z, controlPlane, upstream: agentZ.url, validatorsFor: () => [capture] });
    const at = { relayOutbound: "" };
    // Y: an unmodified agent that, asked something, asks Z in the same conversation (same contextId).
    const agentY = await startA2aAgent("relay", async (ctx) => {
      const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: `fw-${ctx.userMessage.messageId}`, contextId: ctx.contextId, role: "ROLE_USER", parts: [{ text: "and you?" }] } } });
      const r = await fetch(`${at.relayOutbound}/peers/${z.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" }, body });
      return { data: { relayed: r.status } };
    });
    const relay = await startTestSidecar({ agent: y, controlPlane, upstream: agentY.url, peers: { [z.id]: sideZ.inboundUrl } });
    at.relayOutbound = relay.outboundUrl;
    const caller = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [y.id]: relay.inboundUrl } });
    started.push(sideZ, relay, caller, agentZ, agentY);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "start", contextId: "ctx-chain-1", role: "ROLE_USER", parts: [{ text: "go" }] } } });
    const res = await fetch(`${caller.outboundUrl}/peers/${y.id}/a2a/jsonrpc`, { method: "POST", headers: { "content-type": "application/json", "a2a-version": "1.0" }, body });
    expect(await res.json()).toMatchObject({ result: { message: { parts: [{ data: { relayed: 200 } }] } } });
    expect(chains).toEqual([[x.id, y.id]]);
  });

  it("only the card paths are served unsigned, and only the fixed card path is asked of the agent: any other path ending so is an unsigned request (401, the agent sees nothing)", async () => {
    agentSaw.length = 0;
    const card = await fetch(`${sideY.inboundUrl}/.well-known/agent.json?x=/internal/state`);
    expect(card.status).toBe(200);
    expect(agentSaw.filter((t) => t !== "/.well-known/jwks.json")).toEqual(["/.well-known/agent.json"]); // the query is not passed on

    agentSaw.length = 0;
    for (const target of ["/internal/state?x=/.well-known/agent.json", "/admin/.well-known/agent-card.json", "//.well-known/agent.json", "ab://x/.well-known/agent.json"]) {
      const status = await new Promise<number>((resolve, reject) => {
        const u = new URL(sideY.inboundUrl);
        http.request({ host: u.hostname, port: u.port, path: target, method: "GET" }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on("error", reject).end();
      });
      expect([target, status]).toEqual([target, 401]);
    }
    expect(agentSaw).toEqual([]);
  });

  it("a peer's card that is not signed is refused (a peer's sidecar signs every card)", async () => {
    const unsignedPeer = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name: "forged", description: "no signature", version: "1.0.0", supportedInterfaces: [{ url: "http://evil.example/a2a/jsonrpc", protocolBinding: "JSONRPC", protocolVersion: "1.0" }], capabilities: {}, defaultInputModes: ["text"], defaultOutputModes: ["text"], skills: [] }));
    }).listen(0, "127.0.0.1");
    await new Promise((r) => unsignedPeer.once("listening", r));
    started.push({ close: () => new Promise((r) => unsignedPeer.close(r)) });
    const caller = await startTestSidecar({ agent: x, controlPlane, upstream: "http://127.0.0.1:9", peers: { [z.id]: `http://127.0.0.1:${(unsignedPeer.address() as AddressInfo).port}` } });
    started.push(caller);
    const res = await fetch(`${caller.outboundUrl}/peers/${z.id}/.well-known/agent-card.json`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { data: { firebreak: { reason: string } } } }).error.data.firebreak.reason).toBe("bad_agent_card");
  });
});
