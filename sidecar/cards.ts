import type { IncomingMessage, ServerResponse } from "node:http";
import { generateAgentCardSignature, verifyAgentCardSignature, type AgentCard } from "@a2a-js/sdk";
import { createRemoteJWKSet } from "jose";
import type { TSidecarCore } from "./core.ts";
import { forward, passHeaders } from "./http/forward.ts";
import { readBody } from "./http/read-body.ts";
import { writeRefusal } from "./wire/jsonrpc.ts";

/** True for the agent-card paths (A2A 1.0's agent-card.json, and the older agent.json). */
const CARD_PATH = /^\/\.well-known\/(agent-card|agent)\.json(\?.*)?$/;

/**
 * The card path a request target asks for: exactly `/.well-known/agent-card.json` (A2A 1.0) or
 * `/.well-known/agent.json` (0.3), any query ignored; undefined for any other target. Only this fixed path is
 * ever asked of the agent or the peer (docs/sidecar.md, "Agent cards"): nothing of the target is passed on.
 */
export function cardPathOf(target: string): string | undefined {
  const m = CARD_PATH.exec(target);
  return m ? `/.well-known/${m[1]}.json` : undefined;
}

/** True for the agent-card paths (see cardPathOf). */
export function isCardPath(target: string): boolean {
  return cardPathOf(target) !== undefined;
}

type TCardJson = Record<string, unknown> & { signatures?: unknown[] };

/** Rewrites every interface URL of a card (v1.0 supportedInterfaces, v0.3 url / additionalInterfaces) to point under `base`. */
export function rewriteCardUrls(card: TCardJson, base: string): TCardJson {
  const move = (url: unknown) => {
    if (typeof url !== "string") return url;
    try {
      const u = new URL(url);
      return `${base}${u.pathname}${u.search}`;
    } catch {
      return url;
    }
  };
  const moveAll = (list: unknown) => (Array.isArray(list) ? list.map((i) => (i && typeof i === "object" ? { ...i, url: move((i as { url?: unknown }).url) } : i)) : list);
  const out: TCardJson = { ...card };
  if ("url" in card) out.url = move(card.url);
  if ("supportedInterfaces" in card) out.supportedInterfaces = moveAll(card.supportedInterfaces);
  if ("additionalInterfaces" in card) out.additionalInterfaces = moveAll(card.additionalInterfaces);
  return out;
}

/** The request headers a card request passes on (it is unsigned: nothing else of the caller's reaches the agent). */
const CARD_HEADERS = ["accept", "a2a-version"];

async function fetchCard(core: TSidecarCore, base: string, target: string, req: IncomingMessage): Promise<{ card: TCardJson; headers: Record<string, unknown> }> {
  const path = cardPathOf(target);
  if (!path) throw new Error("not an agent card path");
  const headers = Object.fromEntries(CARD_HEADERS.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]]));
  const res = await forward(`${base}${path}`, "GET", headers, undefined, core.config.timeouts.peerMs);
  const bytes = await readBody(res, core.config.maxBodyBytes);
  if ((res.statusCode ?? 500) >= 400) throw new Error(`HTTP ${res.statusCode}`);
  const card = JSON.parse(bytes.toString("utf8")) as TCardJson;
  if (!card || typeof card !== "object" || Array.isArray(card)) throw new Error("the card is not a JSON object");
  return { card, headers: passHeaders(res.headers) as Record<string, unknown> };
}

function writeCard(res: ServerResponse, card: TCardJson): void {
  const body = JSON.stringify(card);
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) }).end(body);
}

const hasSignatures = (card: TCardJson) => Array.isArray(card.signatures) && card.signatures.length > 0;

/**
 * Inbound: our agent's card, its signatures verified when it has some (keys from `cardKeys`, default the
 * agent's /.well-known/jwks.json), its URLs pointed at this sidecar, and signed again by our Firebreak key.
 */
export async function serveInboundCard(core: TSidecarCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { config, ctx } = core;
  try {
    const { card } = await fetchCard(core, config.inbound.upstream, req.url ?? "", req);
    if (hasSignatures(card)) {
      const jwks = createRemoteJWKSet(new URL(config.cardKeys ?? `${config.inbound.upstream}/.well-known/jwks.json`));
      await verifyAgentCardSignature((kid) => jwks({ alg: "EdDSA", kid }).catch(() => jwks({ alg: "ES256", kid })))(card as unknown as AgentCard);
    }
    const moved = rewriteCardUrls(card, core.urls.inbound);
    const signer = await ctx.signer();
    const signed = await generateAgentCardSignature(signer.key, { alg: "EdDSA", kid: signer.kid, typ: "JOSE", jku: `${config.controlPlane}/api/v1/agents/jwks` })({ ...moved, signatures: [] } as unknown as AgentCard);
    writeCard(res, signed as unknown as TCardJson);
  } catch (err) {
    ctx.logger.warn("agent card refused", { error: (err as Error).message });
    await writeRefusal(res, null, `agent card not served: ${(err as Error).message}`, { reason: "bad_agent_card" });
  }
}

/** Outbound: a peer's card through its sidecar, its signature (required) checked against the peer's Firebreak key, URLs pointed at /peers/P. */
export async function serveOutboundCard(core: TSidecarCore, peer: string, base: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx } = core;
  try {
    const { card } = await fetchCard(core, base, path, req);
    // P's sidecar signs every card it serves: an unsigned one did not come through it.
    if (!hasSignatures(card)) throw new Error(`the card is not signed by ${peer}'s Firebreak key`);
    await verifyAgentCardSignature(async (kid) => {
      const key = await ctx.agentKeys.get(kid);
      if (!key || key.owner !== peer) throw new Error(`key ${kid} is not a key of ${peer}`);
      return key.key;
    })(card as unknown as AgentCard);
    const { signatures: _dropped, ...unsigned } = rewriteCardUrls(card, `${core.urls.outbound}/peers/${peer}`);
    writeCard(res, unsigned);
  } catch (err) {
    ctx.logger.warn(`agent card of ${peer} refused`, { error: (err as Error).message });
    await writeRefusal(res, null, `agent card of ${peer} not served: ${(err as Error).message}`, { reason: "bad_agent_card" });
  }
}


