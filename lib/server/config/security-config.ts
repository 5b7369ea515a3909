import { intEnv } from "../ingest/limits.ts";

/** Sign-in delays: failures allowed per key before delays start, then base × 2^n seconds up to max. */
export type LoginDelayConfig = {
  freePerAccount: number;
  freePerAddress: number;
  freePerAccountAddress: number;
  baseDelayS: number;
  maxDelayS: number;
};

/** How many proxies in front of the app append their peer to X-Forwarded-For (0: the socket address counts). */
export function trustedProxyHops(): number {
  const raw = process.env.FIREBREAK_TRUSTED_PROXY_HOPS;
  if (raw === undefined || raw === "") return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`FIREBREAK_TRUSTED_PROXY_HOPS must be an integer 0-10 (got ${raw})`);
  return n;
}

/** The sign-in delay settings (see docs/security-hardening.md). */
export function loginDelayConfig(): LoginDelayConfig {
  return {
    freePerAccount: intEnv("FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT", 10),
    freePerAddress: intEnv("FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS", 20),
    freePerAccountAddress: intEnv("FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS", 3),
    baseDelayS: intEnv("FIREBREAK_LOGIN_DELAY_BASE_S", 1),
    maxDelayS: intEnv("FIREBREAK_LOGIN_DELAY_MAX_S", 900),
  };
}

/** The site's own origin from NEXTAUTH_URL (what Origin headers must match), or null when it is not set. */
export function siteOrigin(): string | null {
  const raw = process.env.NEXTAUTH_URL;
  if (!raw) return null;
  try {
    return new URL(raw).origin;
  } catch {
    throw new Error(`NEXTAUTH_URL must be an absolute URL (got ${raw})`);
  }
}

/** Whether the site is served over https (NEXTAUTH_URL says so): then responses carry HSTS. */
export const isHttpsSite = () => siteOrigin()?.startsWith("https:") ?? false;

/** Reads every setting above once, so a bad value stops the server at start with a clear message. */
export function checkSecurityConfig(): void {
  trustedProxyHops();
  loginDelayConfig();
  siteOrigin();
}
