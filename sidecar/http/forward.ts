import http, { type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";

// Headers that describe one connection, not the message: never passed on by a proxy (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length"]);

/** The headers to pass on: hop-by-hop ones and the named ones dropped. */
export function passHeaders(headers: IncomingHttpHeaders, drop: readonly string[] = []): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined && !HOP_BY_HOP.has(k) && !drop.includes(k)) out[k] = v;
  }
  return out;
}

/**
 * Why a body's bytes cannot be what is signed and checked (null when they can): a Content-Encoding other than
 * identity. The digest and the validators would see compressed bytes while the recipient reads them inflated.
 * Sidecars drop Accept-Encoding on what they forward, so agents answer uncompressed.
 */
export function encodingProblem(headers: IncomingHttpHeaders): string | null {
  const e = headers["content-encoding"];
  if (e === undefined || /^\s*(identity)?\s*$/i.test(e)) return null;
  return `a body with Content-Encoding ${JSON.stringify(e)} cannot be checked: send it uncompressed`;
}

/** Why a forward failed: no answer in time, or no connection. */
export class ForwardError extends Error {
  constructor(readonly kind: "timeout" | "unreachable", message: string) {
    super(message);
  }
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

/**
 * Sends a request and resolves with the response once its headers arrive. `timeoutMs` bounds the wait for
 * the headers and every silence after them, so a peer that stops answering is an error, not a hang. A kept-alive
 * connection the peer closed just as we reused it (ECONNRESET/EPIPE before any answer) is retried once on a
 * new connection: the peer closed it idle, so it never read the request.
 */
export function forward(url: string, method: string, headers: OutgoingHttpHeaders, body: Buffer | undefined, timeoutMs: number): Promise<IncomingMessage> {
  return send(parsedUrl(url), method, headers, body, timeoutMs, true);
}

// A sidecar forwards to a handful of URLs (its agent, its peers): each is parsed once, not once a message.
const parsed = new Map<string, URL>();
const PARSED_MAX = 256;

function parsedUrl(url: string): URL {
  let u = parsed.get(url);
  if (!u) {
    u = new URL(url);
    if (parsed.size >= PARSED_MAX) parsed.clear();
    parsed.set(url, u);
  }
  return u;
}

function send(u: URL, method: string, headers: OutgoingHttpHeaders, body: Buffer | undefined, timeoutMs: number, mayRetry: boolean): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const lib = u.protocol === "https:" ? https : http;
    const req = lib.request(u, { method, headers: { ...headers, ...(body ? { "content-length": body.length } : {}) }, agent: u.protocol === "https:" ? agents.https : agents.http });
    // Small messages: no Nagle wait for the ACK of the headers (it meets the peer's delayed ACK: 40 ms stalls).
    req.on("socket", (socket) => socket.setNoDelay(true));
    const timer = setTimeout(() => req.destroy(new ForwardError("timeout", `no answer from ${u.origin} within ${timeoutMs} ms`)), timeoutMs);
    req.on("response", (res) => {
      clearTimeout(timer);
      res.setTimeout(timeoutMs, () => res.destroy(new ForwardError("timeout", `${u.origin} went silent for ${timeoutMs} ms`)));
      resolve(res);
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (mayRetry && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) return resolve(send(u, method, headers, body, timeoutMs, false));
      reject(err instanceof ForwardError ? err : new ForwardError("unreachable", `${u.origin} unreachable: ${err.message}`));
    });
    req.end(body);
  });
}
