import { isHttpsSite } from "../config/security-config.ts";

/** Strict-Transport-Security for a site served over https (NEXTAUTH_URL): a year, this host only. */
export const HSTS = "max-age=31536000";

/** Adds HSTS (over https) and, for personal data, Cache-Control: no-store, so no shared cache keeps a copy. */
export function withSecurityHeaders(response: Response, opts: { noStore: boolean }): Response {
  const headers: [string, string][] = [];
  const cache = response.headers.get("cache-control");
  // Kept beside what the handler said (an event stream's no-transform, for one).
  if (opts.noStore && !cache?.includes("no-store")) headers.push(["cache-control", cache ? `no-store, ${cache}` : "no-store"]);
  if (isHttpsSite()) headers.push(["strict-transport-security", HSTS]);
  try {
    for (const [k, v] of headers) response.headers.set(k, v);
    return response;
  } catch {
    // Some responses (redirects, fetched ones) have immutable headers: copy them.
    const copy = new Response(response.body, response);
    for (const [k, v] of headers) copy.headers.set(k, v);
    return copy;
  }
}
