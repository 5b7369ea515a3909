import "server-only";
import { siteOrigin } from "../config/security-config.ts";
import { AppError } from "../errors.ts";

/**
 * Refuses a state-changing browser request that is not a same-origin JSON POST: route handlers get no
 * CSRF protection from Next.js by themselves. A cross-site form can send neither this content type
 * (without a CORS preflight we never answer) nor a matching Origin. The Origin is compared with the site's
 * configured origin (NEXTAUTH_URL), never with X-Forwarded-Host, which any client can write.
 */
export function assertSameOriginJson(request: Request): void {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type", "send JSON (Content-Type: application/json)");
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("forbidden", "cross-site requests are refused");
  const origin = request.headers.get("origin");
  if (origin !== null && !isOwnOrigin(origin, request)) throw new AppError("forbidden", "cross-origin requests are refused");
}

// "null" (a sandboxed frame, a file: page, a redirect across sites) and anything unparsable are foreign.
function isOwnOrigin(origin: string, request: Request): boolean {
  let given: string;
  try {
    given = new URL(origin).origin;
  } catch {
    return false;
  }
  if (given === "null") return false;
  const own = siteOrigin();
  if (own) return given === own;
  // Without NEXTAUTH_URL (development), the Host the browser addressed.
  const host = request.headers.get("host");
  return host !== null && new URL(given).host === host;
}
