import http from "node:http";
import https from "node:https";

// One pool of kept-alive connections per protocol for everything the SDK asks the control plane (reports,
// directive polls, policy, key sets) and a sidecar's webhook validators.
const agents = { "http:": new http.Agent({ keepAlive: true, maxSockets: 16 }), "https:": new https.Agent({ keepAlive: true, maxSockets: 16 }) };
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The SDK's default `fetch`: the requests it makes (GET and POST with a text body, headers, an abort signal)
 * sent with node:http on kept-alive connections, answered as a standard `Response`. The global fetch (undici)
 * costs several times as much CPU per request; a busy agent makes many. Anything else goes to the global fetch.
 */
export const keptAliveFetch: typeof fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const agent = agents[url.protocol as keyof typeof agents];
  if (input instanceof Request || !agent || (init.body != null && typeof init.body !== "string")) return globalThis.fetch(input, init);
  return send(url, agent, init, true);
};

function send(url: URL, agent: http.Agent, init: RequestInit, mayRetry: boolean): Promise<Response> {
  const { signal } = init;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const req = (url.protocol === "https:" ? https : http).request(url, { method: init.method ?? "GET", headers, agent });
    const onAbort = () => req.destroy(signal!.reason as Error);
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (err) => (done(), reject(signal?.aborted ? signal.reason : err)));
      res.on("end", () => {
        done();
        const status = res.statusCode ?? 502;
        const answer = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) answer.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? "", headers: answer }));
      });
    });
    req.on("error", (err: NodeJS.ErrnoException) => {
      done();
      if (signal?.aborted) return reject(signal.reason);
      // A kept-alive connection the server closed idle just as we reused it: it never read the request, send it again.
      if (mayRetry && req.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) return resolve(send(url, agent, init, false));
      reject(new TypeError(`fetch failed: ${err.message}`, { cause: err }));
    });
    req.end(init.body as string | undefined);
  });
}
