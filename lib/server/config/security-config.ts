import { config } from "./config.ts";

/** Sign-in delays: failures allowed per key before delays start, then base × 2^n seconds up to max. */
export type LoginDelayConfig = {
  freePerAccount: number;
  freePerAddress: number;
  freePerAccountAddress: number;
  baseDelayS: number;
  maxDelayS: number;
};

/** How many proxies in front of the app append their peer to X-Forwarded-For (0: the socket address counts). */
export const trustedProxyHops = (): number => config().FIREBREAK_TRUSTED_PROXY_HOPS;

/** The sign-in delay settings (see docs/security-hardening.md). */
export function loginDelayConfig(): LoginDelayConfig {
  const c = config();
  return {
    freePerAccount: c.FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT,
    freePerAddress: c.FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS,
    freePerAccountAddress: c.FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS,
    baseDelayS: c.FIREBREAK_LOGIN_DELAY_BASE_S,
    maxDelayS: c.FIREBREAK_LOGIN_DELAY_MAX_S,
  };
}

/** The site's own origin from NEXTAUTH_URL (what Origin headers must match), or null when it is not set. */
export function siteOrigin(): string | null {
  const raw = config().NEXTAUTH_URL;
  return raw ? new URL(raw).origin : null;
}

/** Whether the site is served over https (NEXTAUTH_URL says so): then responses carry HSTS. */
export const isHttpsSite = () => siteOrigin()?.startsWith("https:") ?? false;
