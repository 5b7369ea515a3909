import "server-only";
import { checkRequestClaims } from "../../domain/request-claims.ts";
import { AppError } from "../errors.ts";
import { cachedAgentKey } from "../keys/agent-key-cache.ts";
import { refuseKey } from "../keys/agent-keys.ts";
import { verifyEd25519Jws } from "../keys/ed25519-verify.ts";
import { checkJwsHeader } from "../keys/jws-header.ts";
import { spendUsedJti } from "./spend-used-jti.ts";
import { REPLICA_AUDIENCE_PREFIX, replicaAudience, spendInMemory } from "./replica-replay-cache.ts";

/** The agent a signed request came from. */
export type AgentCaller = { agentId: string; kid: string; jti: string };

export const REQUEST_TYP = "fb-request+jwt";
/** A request token lives at most this long (exp − iat). */
export const MAX_TOKEN_LIFETIME_S = 60;
const CLOCK_TOLERANCE_S = 5;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

const refuse = (detail: string) => new AppError("unauthenticated", detail);

/**
 * Verifies `Authorization: Bearer <compact JWS>` of an agent request (docs/architecture.md#directives): pinned EdDSA, typ
 * fb-request+jwt, a registered active key, aud "firebreak", sub = the key's owner, exp ≤ 60 s after iat and
 * not passed, and a jti never seen before. Throws 401 otherwise. The jti is kept until the token expires: in
 * UsedJti (shared by every replica), or, for a token also addressed to this replica (its `aud` names it), in
 * this replica's memory, which no other replica consults: they answer such a token 421 (see docs/scale.md).
 */
export async function verifyAgentRequest(authorization: string | null, now = new Date()): Promise<AgentCaller> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) throw refuse("send Authorization: Bearer <compact JWS signed with your agent key>");
  const header = checkJwsHeader(token, REQUEST_TYP);
  if (!header.ok) throw refuse(`${header.code}: ${header.detail}`);
  const found = await cachedAgentKey(header.kid);
  const refused = refuseKey(header.kid, found);
  if (refused) throw refuse(`${refused.code}: ${refused.detail}`);
  const key = found!;
  // The ingest path's synchronous Ed25519 check (libsodium), then the claims as jose's jwtVerify checked them:
  // a long-polling fleet sends one of these every 20–30 s per agent (docs/benchmarks.md#directives).
  const signed = verifyEd25519Jws(token, key.x);
  if (!signed) throw refuse("the request token was refused: signature verification failed");
  let payload: unknown;
  try {
    payload = JSON.parse(UTF8.decode(signed.payload));
  } catch {
    throw refuse("the request token was refused: the claims are not a JSON object");
  }
  const checked = checkRequestClaims(payload, { audience: "firebreak", nowS: Math.floor(now.getTime() / 1000), toleranceS: CLOCK_TOLERANCE_S, maxLifetimeS: MAX_TOKEN_LIFETIME_S });
  if (!checked.ok) throw refuse(`the request token was refused: ${checked.detail}`);
  const { sub, exp, jti, aud } = checked.claims;
  if (sub !== key.agentId) throw refuse(`sub ${sub} does not own key ${header.kid}`);
  const expiresAt = new Date((exp + CLOCK_TOLERANCE_S) * 1000);
  const replicas = (Array.isArray(aud) ? aud : [aud]).filter((a) => a.startsWith(REPLICA_AUDIENCE_PREFIX));
  if (replicas.length === 0) await spendJti(key.agentId, jti, expiresAt);
  else spendHere(replicas, `${key.agentId}:${jti}`, expiresAt, now);
  return { agentId: key.agentId, kid: header.kid, jti };
}

// A token for this replica only: spent in memory, no database write (what an idle agent's long polls use).
function spendHere(replicas: string[], key: string, expiresAt: Date, now: Date) {
  if (replicas.length > 1 || replicas[0] !== replicaAudience()) {
    throw new AppError("misdirected", "this token is addressed to another replica (or to this one before it restarted); sign one for any replica");
  }
  const spent = spendInMemory(key, expiresAt.getTime(), now.getTime());
  if (spent === "replayed") throw refuse(`jti ${key.slice(key.indexOf(":") + 1)} was already used`);
  if (spent === "full") throw new AppError("misdirected", "this replica remembers too many tokens right now; sign one for any replica");
}

// Single use: the id goes into UsedJti unless it is there already.
async function spendJti(agentId: string, jti: string, expiresAt: Date) {
  if (!(await spendUsedJti({ agentId, jti, expiresAt }))) throw refuse(`jti ${jti} was already used`);
}
