import "server-only";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { isRole, type TRole } from "../../domain/permissions.ts";
import { config, type Config } from "../config/config.ts";

type OidcProfile = { sub: string; email?: string; name?: string; [claim: string]: unknown };

/** Maps the configured claim's values (e.g. groups) to a Firebreak role; the most powerful match wins. */
export function roleFromClaims(profile: Record<string, unknown>, claim: string, mapping: string): TRole | null {
  const raw = profile[claim];
  const values = Array.isArray(raw) ? raw.map(String) : raw == null ? [] : [String(raw)];
  const table = new Map(
    mapping.split(",").map((pair) => pair.split("=").map((s) => s.trim()) as [string, string]).filter(([, r]) => isRole(r)),
  );
  const roles = values.map((v) => table.get(v)).filter((r): r is TRole => r !== undefined);
  for (const r of ["admin", "security", "reviewer"] as const) if (roles.includes(r)) return r;
  return null;
}

/** The generic OIDC provider, when FIREBREAK_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are set. */
export function oidcProvider(env: Config = config()): OAuthConfig<OidcProfile> | null {
  const issuer = env.FIREBREAK_OIDC_ISSUER;
  if (!issuer || !env.FIREBREAK_OIDC_CLIENT_ID || !env.FIREBREAK_OIDC_CLIENT_SECRET) return null;
  const claim = env.FIREBREAK_OIDC_ROLE_CLAIM;
  const mapping = env.FIREBREAK_OIDC_ROLE_MAP;
  return {
    id: "oidc",
    name: env.FIREBREAK_OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId: env.FIREBREAK_OIDC_CLIENT_ID,
    clientSecret: env.FIREBREAK_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(profile) {
      // Users are matched by email, so an address the provider has not verified must not sign anyone in.
      const role = profile.email_verified === false ? null : roleFromClaims(profile, claim, mapping);
      return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? profile.sub, role };
    },
  };
}
