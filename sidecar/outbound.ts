import type { IncomingMessage, ServerResponse } from "node:http";
import { reportViolation } from "../sdk/index.ts";
import { isFirebreakRefusal, requestKeys } from "./a2a.ts";
import { admission, lateAnswer, probeUnanswered, type TAdmission } from "./admission.ts";
import { isCardPath, serveOutboundCard } from "./cards.ts";
import type { TSidecarCore } from "./core.ts";
import { writeHealth } from "./health-route.ts";
import { encodingProblem, forward, ForwardError, passHeaders } from "./http/forward.ts";
import { guarded } from "./http/guarded.ts";
import { requestBody } from "./http/request-body.ts";
import { BodyTooLargeError, readBody } from "./http/read-body.ts";
import { judgeVerified, MESSAGE_HEADER, retryAfterS, newMessageId, parseRpc, signMessage, verifyMessage } from "./message.ts";
import { verifyStream } from "./stream.ts";
import { countFanOut } from "./threads.ts";
import { relayedRefusal, rpcId, writeRefusal, type TRefusalReason, type TRpcId } from "./wire/jsonrpc.ts";

const PEER_PATH = /^\/peers\/([a-z0-9][a-z0-9._-]{1,62})(\/.*)?$/;

/**
 * The outbound port: our agent reaches peer P at /peers/P/…. Each request is checked against our caps (rate,
 * fan-out, chain depth, P's breaker known OPEN), signed as a message from us and sent to P's sidecar; P's
 * answer (each stream event too) is verified as a message from P and judged by the breaker we own on P → us.
 */
export function outboundHandler(core: TSidecarCore) {
  return guarded(core.ctx.logger, "outbound", (req, res) => handle(core, req, res));
}

async function handle(core: TSidecarCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { ctx, config } = core;
  if (req.method === "GET" && req.url === "/healthz") return writeHealth(core, res, "detailed"); // only the agent reaches this port
  const match = PEER_PATH.exec(req.url ?? "");
  const peer = match?.[1];
  const base = peer ? config.peers[peer] : undefined;
  if (!peer || !base) return writeRefusal(res, null, `unknown peer: configure it under peers (reach peer P at /peers/P/…)`, { reason: "unknown_peer" });
  const rest = match?.[2] ?? "/";
  if (req.method === "GET" && isCardPath(rest)) return serveOutboundCard(core, peer, base, rest, req, res);
  const bytes = await requestBody(req, res, config.maxBodyBytes);
  if (!bytes) return;
  const rpc = parseRpc(bytes);
  const id = rpcId(rpc);
  if (!rpc && !config.allowMalformed && bytes.length > 0) return writeRefusal(res, null, "Parse error: the body is not a JSON-RPC 2.0 object", { reason: "parse_error" });
  const now = ctx.clock.now();
  const boundary = { sender: ctx.id, receiver: peer };
  if (ctx.peers.isOpen(peer, now)) return writeRefusal(res, id, `the boundary ${ctx.id} → ${peer} is OPEN`, { reason: "circuit_open", boundary, retryAfterS: 5 });
  // The peer's answer is judged by the breaker we own on peer → us; it admits the answer now, before the request
  // goes: while OPEN nothing is sent (the answer would be refused), while HALF_OPEN only its probes go.
  const answersOpen = () => writeRefusal(res, id, `the boundary ${peer} → ${ctx.id} is OPEN`, { reason: "circuit_open", boundary: { sender: peer, receiver: ctx.id }, retryAfterS: retryAfterS(core, peer) });
  if (answersRefused(core, peer)) return answersOpen();
  const { chain, parents, thread } = core.threads.continuation(ctx.id, requestKeys(rpc), now);
  const messageId = newMessageId();
  const settings = ctx.policy.forSelf().fan_out;
  const fan = countFanOut(thread, peer, settings);
  const check = fan.ok ? ctx.outbox.begin(messageId, [peer], chain, settings, now) : fan;
  if (!check.ok) {
    reportViolation(ctx, check, messageId);
    return writeRefusal(res, id, `refused by Firebreak: ${check.detail}`, { reason: check.rule as TRefusalReason, boundary, retryAfterS: check.rule === "rate" ? settings.cycle_s : 1 });
  }
  // Last, so a refusal by a cap does not take a probe: in HALF_OPEN this is where the probes are counted.
  if (!ctx.breakers.admit(peer)) return (ctx.outbox.acknowledge(messageId, peer), answersOpen());
  const admitted = admission(core, peer);
  const { jws } = await signMessage(core, peer, bytes, chain, parents, messageId);
  let upstream: IncomingMessage;
  try {
    upstream = await forward(`${base}${rest}`, req.method ?? "POST", { ...passHeaders(req.headers, [MESSAGE_HEADER, "accept-encoding"]), [MESSAGE_HEADER]: jws }, bytes.length ? bytes : undefined, config.timeouts.peerMs);
  } catch (err) {
    ctx.outbox.acknowledge(messageId, peer);
    probeUnanswered(core, peer, admitted);
    const e = err as ForwardError;
    return writeRefusal(res, id, `peer ${peer} did not answer: ${e.message}`, { reason: e.kind === "timeout" ? "peer_timeout" : "peer_unreachable", boundary });
  }
  const answered = () => ctx.outbox.acknowledge(messageId, peer);
  const unreadable = encodingProblem(upstream.headers);
  if (unreadable) {
    upstream.resume();
    answered();
    probeUnanswered(core, peer, admitted);
    return writeRefusal(res, id, `the answer of ${peer} was not verified: ${unreadable}`, { reason: "unverified_response" });
  }
  if (/^text\/event-stream/i.test(String(upstream.headers["content-type"] ?? ""))) return verifyStream(core, peer, upstream, res, id, admitted, answered);
  await deliverWhole(core, peer, upstream, res, id, admitted).finally(answered);
}

/** Verifies and judges the peer's whole answer as a message from the peer, then delivers it or refuses it. */
async function deliverWhole(core: TSidecarCore, peer: string, upstream: IncomingMessage, res: ServerResponse, id: TRpcId, admitted: TAdmission): Promise<void> {
  const unanswered = () => probeUnanswered(core, peer, admitted);
  let answer: Buffer;
  try {
    answer = await readBody(upstream, core.config.maxBodyBytes);
  } catch (err) {
    unanswered();
    return writeRefusal(res, id, `the answer of ${peer} was not taken: ${(err as Error).message}`, { reason: err instanceof BodyTooLargeError ? "too_large" : "peer_unreachable" });
  }
  const header = upstream.headers[MESSAGE_HEADER];
  const rpc = parseRpc(answer);
  // A refusal by the peer's sidecar (signed when it knew us, unsigned when it could not): passed on as our own
  // refusal with only its reason, boundary and Retry-After; a probe refused so got no answer from the peer.
  if (isFirebreakRefusal(rpc) && !header) return (unanswered(), relayRefusal(res, id, peer, rpc!, upstream));
  const v = await verifyMessage(core, Array.isArray(header) ? header[0] : header, answer, peer);
  if (!v.ok) unanswered();
  if (!v.ok) return writeRefusal(res, id, `the answer of ${peer} was not verified: ${v.text}`, { ...v.data, reason: v.data.reason === "replayed" ? "replayed" : "unverified_response" });
  if (isFirebreakRefusal(rpc)) {
    learnOpen(core, peer, rpc!, upstream);
    unanswered();
    return relayRefusal(res, id, peer, rpc!, upstream);
  }
  const late = lateAnswer(core, peer, admitted);
  if (late) return writeRefusal(res, id, `the boundary ${peer} → ${core.ctx.id} tripped while the answer was on its way`, late);
  core.ctx.peers.markClosed(peer);
  const checked = await judgeVerified(core, v.message, answer, { preAdmitted: true, rpc });
  if (!checked.ok) return writeRefusal(res, id, checked.text, checked.data);
  res.writeHead(upstream.statusCode ?? 502, { ...passHeaders(upstream.headers, [MESSAGE_HEADER]), "content-length": answer.length }).end(answer);
}

/** The peer's Firebreak refused: our agent gets our own refusal saying why (relayedRefusal keeps only what is safe). */
function relayRefusal(res: ServerResponse, id: TRpcId, peer: string, rpc: Record<string, unknown>, upstream: IncomingMessage): Promise<void> {
  const data = relayedRefusal(rpc, upstream.headers["retry-after"]);
  return writeRefusal(res, id, `refused by ${peer}'s Firebreak: ${data.reason}`, data);
}

/** A signed circuit_open refusal from the peer: hold our agent's messages to it until its Retry-After. */
function learnOpen(core: TSidecarCore, peer: string, rpc: Record<string, unknown>, upstream: IncomingMessage): void {
  const data = relayedRefusal(rpc, upstream.headers["retry-after"]);
  if (data.reason !== "circuit_open") return;
  core.ctx.peers.markOpen(peer, core.ctx.clock.now() + (data.retryAfterS ?? 5) * 1000);
}

/** True while the breaker we own on `peer` → us is OPEN (an approval in force moves it to HALF_OPEN first). */
function answersRefused(core: TSidecarCore, peer: string): boolean {
  const { breakers } = core.ctx;
  if (breakers.state(peer).state !== "OPEN") return false;
  breakers.tick();
  return breakers.state(peer).state === "OPEN";
}
