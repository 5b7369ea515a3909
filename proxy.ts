import { NextResponse, type NextRequest } from "next/server";
import { isHttpsSite } from "./lib/server/config/security-config.ts";
import { HSTS } from "./lib/server/http/security-headers.ts";

const SESSION_COOKIES = ["next-auth.session-token", "__Secure-next-auth.session-token"];
const OPEN_PAGES = new Set(["/signin"]);

function contentSecurityPolicy(nonce: string): string {
  const dev = process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Sets a per-request Content-Security-Policy nonce on pages and sends anonymous page requests to
 * sign-in. The redirect is a convenience only: every page, route handler and server action checks the
 * session and role on the server itself.
 */
export function proxy(request: NextRequest) {
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!hasSession && !OPEN_PAGES.has(request.nextUrl.pathname)) {
    const url = request.nextUrl.clone();
    url.pathname = "/signin";
    url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
    return withHsts(NextResponse.redirect(url));
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return withHsts(response);
}

// Over https (NEXTAUTH_URL), browsers are told to use nothing else for this host.
function withHsts(response: NextResponse): NextResponse {
  if (isHttpsSite()) response.headers.set("strict-transport-security", HSTS);
  return response;
}

export const config = {
  // Pages only: the APIs answer 401 problem+json themselves, and static files need nothing.
  matcher: [
    {
      source: "/((?!api/|metrics$|_next/static|_next/image|\\.well-known/|favicon\\.ico|icon\\.svg).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
