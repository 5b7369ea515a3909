/** The claims of an agent request token that the control plane relies on. */
export type TRequestClaims = { sub: string; aud: string | string[]; iat: number; exp: number; jti: string; nbf?: number };

type Rules = { audience: string; nowS: number; toleranceS: number; maxLifetimeS: number };

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Checks the claims of a request token whose signature has been verified (docs/architecture.md#directives):
 * a JSON object with sub, aud, iat, exp and jti; aud names `audience` (alone or in an array of strings);
 * iat, exp and nbf numbers; not yet valid (nbf) or expired (exp) only beyond the clock tolerance; iat not in
 * the future; exp at most maxLifetimeS after iat; jti a string of 1–200 characters. The rules jose's
 * jwtVerify applied before, plus the token's own; returns the claims or why they are refused.
 */
export function checkRequestClaims(claims: unknown, rules: Rules): { ok: true; claims: TRequestClaims } | { ok: false; detail: string } {
  const no = (detail: string) => ({ ok: false as const, detail });
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return no("the claims are not a JSON object");
  const c = claims as Record<string, unknown>;
  for (const name of ["sub", "aud", "iat", "exp", "jti"]) if (!Object.hasOwn(c, name)) return no(`missing required "${name}" claim`);
  if (typeof c.sub !== "string") return no('"sub" claim must be a string');
  const aud = c.aud;
  const audiences = typeof aud === "string" ? [aud] : Array.isArray(aud) && aud.every((a) => typeof a === "string") ? (aud as string[]) : null;
  if (!audiences) return no('"aud" claim must be a string or an array of strings');
  if (!audiences.includes(rules.audience)) return no('unexpected "aud" claim value');
  for (const name of ["iat", "exp", "nbf"]) if (c[name] !== undefined && !isNumber(c[name])) return no(`"${name}" claim must be a number`);
  const { iat, exp, nbf } = c as { iat: number; exp: number; nbf?: number };
  if (nbf !== undefined && nbf > rules.nowS + rules.toleranceS) return no('"nbf" claim timestamp check failed');
  if (exp <= rules.nowS - rules.toleranceS) return no('"exp" claim timestamp check failed');
  if (exp - iat > rules.maxLifetimeS) return no(`exp must be at most ${rules.maxLifetimeS} s after iat (got ${exp - iat} s)`);
  if (iat > rules.nowS + rules.toleranceS) return no("iat is in the future");
  if (typeof c.jti !== "string" || c.jti.length === 0 || c.jti.length > 200) return no("jti must be a string of 1–200 characters");
  return { ok: true, claims: c as TRequestClaims };
}
