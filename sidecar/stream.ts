import type { IncomingMessage, ServerResponse } from "node:http";
import { isFirebreakRefusal } from "./a2a.ts";
import type { TSidecarCore } from "./core.ts";
import { passHeaders } from "./http/forward.ts";
import type { TReplyTo } from "./inbound.ts";
import type { TDigestMessage } from "../sdk/index.ts";
import { judgeVerified, MESSAGE_HEADER, parseRpc, retryAfterS, signMessage, verifyMessage, type TChecked } from "./message.ts";
import { rpcError, refusalCode, type TRpcId } from "./wire/jsonrpc.ts";
import { dataEvent, SseSplitter, withoutSignature, withSignature, type TSseBlock } from "./wire/sse.ts";

/** Runs `each` on every SSE block of `upstream` in order (one at a time); `done` once the stream ended or was cut. */
function eachBlock(core: TSidecarCore, upstream: IncomingMessage, res: ServerResponse, each: (b: TSseBlock) => Promise<boolean>, done: () => void): void {
  const splitter = new SseSplitter(core.config.maxBodyBytes);
  let chain = Promise.resolve(true);
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done();
    if (!res.writableEnded) res.end();
  };
  const run = (blocks: TSseBlock[]) => {
    chain = chain.then(async (going) => {
      for (const b of blocks) if (going) going = await each(b);
      if (!going) {
        upstream.destroy(); // cut: the agent's stream is not read any further
        finish();
      }
      return going;
    });
  };
  upstream.on("data", (chunk: Buffer) => {
    try {
      run(splitter.push(chunk));
    } catch (err) {
      core.ctx.logger.warn("stream cut", { error: (err as Error).message });
      upstream.destroy();
      void chain.then(finish);
    }
  });
  upstream.on("end", () => {
    const last = splitter.end();
    run(last ? [last] : []);
    void chain.then(finish);
  });
  upstream.on("error", () => void chain.then(finish));
  res.on("close", () => upstream.destroy());
}

/** Inbound: passes the agent's stream to the peer, each event signed as a message from us in a `firebreak:` field. */
export function signStream(core: TSidecarCore, upstream: IncomingMessage, res: ServerResponse, to: TReplyTo, remember: (rpc: Record<string, unknown> | undefined) => void): void {
  res.writeHead(upstream.statusCode ?? 200, passHeaders(upstream.headers, [MESSAGE_HEADER]));
  res.flushHeaders();
  eachBlock(core, upstream, res, async (b) => {
    if (b.data === undefined) return res.write(`${b.raw}${b.eol}${b.eol}`), true;
    remember(parseRpc(b.data));
    const { jws } = await signMessage(core, to.peer, b.data, to.chain, to.parents);
    res.write(withSignature(b, jws));
    return true;
  }, () => {});
}

/**
 * Outbound: checks each event of a peer's stream as a message from the peer (signature, breaker, validators)
 * and passes it on without its signature field; the first refused event ends the stream with a JSON-RPC error event.
 */
export function verifyStream(core: TSidecarCore, peer: string, upstream: IncomingMessage, res: ServerResponse, id: TRpcId, done: (ok: boolean) => void): void {
  res.writeHead(upstream.statusCode ?? 200, passHeaders(upstream.headers, [MESSAGE_HEADER]));
  res.flushHeaders();
  let ok = true;
  eachBlock(core, upstream, res, async (b) => {
    if (b.data === undefined) return res.write(withoutSignature(b)), true;
    const v = await verifyMessage(core, b.firebreak, b.data, peer);
    const rpc = v.ok ? parseRpc(b.data) : undefined;
    const checked: TChecked = !v.ok ? v : isFirebreakRefusal(rpc) ? passed(v.message) : await judgeEvent(core, peer, v.message, b.data, rpc);
    if (checked.ok) return res.write(withoutSignature(b)), true;
    ok = false;
    res.write(dataEvent(rpcError(id, refusalCode(checked.data.reason), `stream cut by Firebreak: ${checked.text}`, checked.data)));
    return false;
  }, () => done(ok));
}

const passed = (message: TDigestMessage): TChecked => ({ ok: true, message, body: null, result: { accepted: true, reasons: [], anomalyScore: 0 } });

// The stream was admitted with its request; a breaker tripped since (by this stream or another answer) cuts it.
async function judgeEvent(core: TSidecarCore, peer: string, m: TDigestMessage, data: string, rpc: Record<string, unknown> | undefined): Promise<TChecked> {
  if (core.ctx.breakers.state(peer).state === "OPEN") return { ok: false, text: `the boundary ${peer} → ${core.ctx.id} is OPEN`, data: { reason: "circuit_open", boundary: { sender: peer, receiver: core.ctx.id }, retryAfterS: retryAfterS(core, peer) }, message: m };
  return judgeVerified(core, m, data, { preAdmitted: true, rpc });
}
