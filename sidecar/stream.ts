import type { IncomingMessage, ServerResponse } from "node:http";
import { lateAnswer, probeUnanswered, type TAdmission } from "./admission.ts";
import type { TSidecarCore } from "./core.ts";
import { passHeaders } from "./http/forward.ts";
import type { TReplyTo } from "./inbound.ts";
import { judgeVerified, MESSAGE_HEADER, parseRpc, signMessage, verifyMessage, type TChecked } from "./message.ts";
import { rpcError, refusalCode, type TRpcId } from "./wire/jsonrpc.ts";
import { dataEvent, signedText, SseSplitter, withoutSignature, withSignature, type TSseBlock } from "./wire/sse.ts";

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

/**
 * Inbound: passes the agent's stream to the peer, each event signed as a message from us in a `firebreak:` field;
 * the signature covers the event's every line (signedText), not only its data.
 */
export function signStream(core: TSidecarCore, upstream: IncomingMessage, res: ServerResponse, to: TReplyTo, remember: (rpc: Record<string, unknown> | undefined) => void): void {
  res.writeHead(upstream.statusCode ?? 200, passHeaders(upstream.headers, [MESSAGE_HEADER]));
  res.flushHeaders();
  eachBlock(core, upstream, res, async (b) => {
    if (b.data === undefined) return res.write(`${b.raw}${b.eol}${b.eol}`), true;
    remember(parseRpc(b.data));
    const { jws } = await signMessage(core, to.peer, signedText(b), to.chain, to.parents);
    res.write(withSignature(b, jws));
    return true;
  }, () => {});
}

/**
 * Outbound: checks each event of a peer's stream as a message from the peer (signature over all its lines,
 * breaker, validators: these read its data) and passes it on without its signature field; the first refused event ends the stream with a JSON-RPC error
 * event. A probe's stream that ends, or is cut, before one event was judged got no answer: the probe failed.
 */
export function verifyStream(core: TSidecarCore, peer: string, upstream: IncomingMessage, res: ServerResponse, id: TRpcId, admitted: TAdmission, done: (ok: boolean) => void): void {
  res.writeHead(upstream.statusCode ?? 200, passHeaders(upstream.headers, [MESSAGE_HEADER]));
  res.flushHeaders();
  let ok = true;
  let judged = 0;
  eachBlock(core, upstream, res, async (b) => {
    if (b.data === undefined) return res.write(withoutSignature(b)), true;
    const v = await verifyMessage(core, b.firebreak, signedText(b), peer);
    // Every event is judged (one shaped like a refusal too), unless the breaker tripped since the request left
    // (by this stream or another answer) or is HALF_OPEN and this stream is not one of its probes: then it is cut.
    const late = v.ok ? lateAnswer(core, peer, admitted) : null;
    const checked: TChecked = !v.ok ? v
      : late ? { ok: false, text: `the boundary ${peer} → ${core.ctx.id} is OPEN`, data: late, message: v.message }
      : (judged++, await judgeVerified(core, v.message, b.data, { preAdmitted: true }));
    if (checked.ok) return res.write(withoutSignature(b)), true;
    ok = false;
    res.write(dataEvent(rpcError(id, refusalCode(checked.data.reason), `stream cut by Firebreak: ${checked.text}`, checked.data)));
    return false;
  }, () => {
    if (judged === 0) probeUnanswered(core, peer, admitted);
    done(ok);
  });
}
