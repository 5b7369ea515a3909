import "server-only";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { guardedLookup, refuseAddress } from "./target-guard.ts";

export type PostResult = { statusCode: number | null; latencyMs: number; error: string | null };

/**
 * POSTs a JSON body to a subscription URL once: the connection goes only to an address the SSRF guard
 * allows, redirects are not followed (a 3xx is an answer, not a success), and it gives up after `timeoutMs`.
 */
export function postWebhook(opts: { url: string; body: string; headers: Record<string, string>; timeoutMs: number }): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({ statusCode, latencyMs: Math.round(performance.now() - started), error });
  const url = new URL(opts.url);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // A literal address is connected to without a lookup: check it here.
  const refused = isIP(host) ? refuseAddress(host, host) : null;
  if (refused) return Promise.resolve(done(null, refused));
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(url, {
      method: "POST",
      lookup: guardedLookup,
      timeout: opts.timeoutMs,
      headers: { "content-type": "application/json", "user-agent": "Firebreak-Webhooks/1", ...opts.headers, "content-length": Buffer.byteLength(opts.body) },
    }, (res) => {
      res.resume(); // the answer's body is not kept
      res.on("end", () => resolve(done(res.statusCode ?? null, null)));
      res.on("error", (err) => resolve(done(res.statusCode ?? null, err.message)));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on("error", (err) => resolve(done(null, err.message)));
    req.end(opts.body);
  });
}
