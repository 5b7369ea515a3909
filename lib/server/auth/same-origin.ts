import { AppError } from "../errors.ts";

/**
 * Refuses a state-changing browser request that is not a same-origin JSON POST: route handlers get no
 * CSRF protection from Next.js by themselves. A cross-site form can send neither this content type
 * (without a CORS preflight we never answer) nor a matching Origin.
 */
export function assertSameOriginJson(request: Request): void {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new AppError("unsupported_media_type", "send JSON (Content-Type: application/json)");
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("forbidden", "cross-site requests are refused");
  const origin = request.headers.get("origin");
  if (origin) {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (!host || new URL(origin).host !== host) throw new AppError("forbidden", "cross-origin requests are refused");
  }
}
