import type { IncomingMessage, ServerResponse } from "node:http";
import { extendChain } from "../lib/domain/provenance.ts";
import { requestKeys, responseKeys } from "./a2a.ts";
import { isCardPath, serveInboundCard } from "./cards.ts";
import type { TSidecarCore } from "./core.ts";
import { writeHealth } from "./health-route.ts";
import { forward, ForwardError, passHeaders } from "./http/forward.ts";
import { guarded } from "./http/guarded.ts";
import { requestBody } from "./http/request-body.ts";
import { BodyTooLargeError, readBody } from "./http/read-body.ts";
import { checkMessage, MESSAGE_HEADER, parseRpc, signMessage } from "./message.ts";
import { signStream } from "./stream.ts";
import { rpcId, writeRefusal, type TFirebreakData, type TRpcId } from "./wire/jsonrpc.ts";

/** Where a message from a peer goes back to: the peer, the chain of its reply, the message it answers. */
export type TReplyTo = { peer: string; chain: string[]; parents: string[] };

/**
 * The inbound port: peers reach our agent here. Every request must be a message signed by a registered peer;
 * it is checked (breaker on peer → us, caps, validators) and forwarded byte-identical to the agent; the agent's
 * answer (each stream event too) is signed as a message from us back to the peer.
 */
export function inboundHandler(core: TSidecarCore) {
  return guarded(core.ctx.logger, "inbound", (req, res) => handle(core, req, res));
}

async function handle(core: TSidecarCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = req.url ?? "/";
  if (req.method === "GET" && path === "/healthz") return writeHealth(core, res, "coarse"); // peers reach this port: no details
  if (req.method === "GET" && isCardPath(path)) return serveInboundCard(core, req, res);
  const bytes = await requestBody(req, res, core.config.maxBodyBytes);
  if (!bytes) return;
  const header = req.headers[MESSAGE_HEADER];
  const checked = await checkMessage(core, Array.isArray(header) ? header[0] : header, bytes);
  const rpc = checked.ok ? (checked.body as Record<string, unknown> | undefined) : parseRpc(bytes);
  const id = rpcId(rpc);
  if (!checked.ok) {
    const to = checked.message?.sender;
    return writeRefusal(res, id, checked.text, checked.data, to ? signedBy(core, { peer: to, chain: [core.ctx.id], parents: [checked.message!.messageId] }) : undefined);
  }
  const m = checked.message;
  const now = core.ctx.clock.now();
  core.threads.remember(requestKeys(rpc), m.messageId, m.chain, now);
  const replyTo: TReplyTo = { peer: m.sender, chain: extendChain(m.chain, core.ctx.id), parents: [m.messageId] };
  let upstream: IncomingMessage;
  try {
    const headers = passHeaders(req.headers, [MESSAGE_HEADER, "accept-encoding"]);
    upstream = await forward(`${core.config.inbound.upstream}${path}`, req.method ?? "POST", headers, bytes.length ? bytes : undefined, core.config.timeouts.upstreamMs);
  } catch (err) {
    const e = err as ForwardError;
    return writeRefusal(res, id, `the agent did not answer: ${e.message}`, { reason: e.kind === "timeout" ? "peer_timeout" : "peer_unreachable" }, signedBy(core, replyTo));
  }
  const remember = (answer: Record<string, unknown> | undefined) => core.threads.remember(responseKeys(answer), m.messageId, m.chain, core.ctx.clock.now());
  if (/^text\/event-stream/i.test(String(upstream.headers["content-type"] ?? ""))) {
    return signStream(core, upstream, res, replyTo, remember);
  }
  await replyWhole(core, upstream, res, replyTo, id, remember);
}

/** Signs the agent's whole answer as a message back to the peer and sends it. */
async function replyWhole(core: TSidecarCore, upstream: IncomingMessage, res: ServerResponse, to: TReplyTo, id: TRpcId, remember: (rpc: Record<string, unknown> | undefined) => void): Promise<void> {
  let answer: Buffer;
  try {
    answer = await readBody(upstream, core.config.maxBodyBytes);
  } catch (err) {
    const data: TFirebreakData = { reason: err instanceof BodyTooLargeError ? "too_large" : "peer_unreachable" };
    return writeRefusal(res, id, `the agent's answer was not taken: ${(err as Error).message}`, data, signedBy(core, to));
  }
  remember(parseRpc(answer));
  const { jws } = await signMessage(core, to.peer, answer, to.chain, to.parents);
  res.writeHead(upstream.statusCode ?? 502, { ...passHeaders(upstream.headers, [MESSAGE_HEADER]), "content-length": answer.length, [MESSAGE_HEADER]: jws });
  res.end(answer);
}

/** A signer for a refusal written by this sidecar, as a message from our agent to the peer. */
export function signedBy(core: TSidecarCore, to: TReplyTo) {
  return async (body: string) => ({ [MESSAGE_HEADER]: (await signMessage(core, to.peer, body, to.chain, to.parents)).jws });
}
