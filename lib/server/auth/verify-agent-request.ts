import "server-only";
import { jwtVerify } from "jose";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { ALLOWED_ALGS, checkJwsHeader } from "../keys/jws-header.ts";
import { lookupAgentKeys, refuseKey } from "../keys/agent-keys.ts";
import { REPLICA_AUDIENCE_PREFIX, replicaAudience, spendInMemory } from "./replica-replay-cache.ts";

/** The agent a signed request came from. */
export type AgentCaller = { agentId: string; kid: string; jti: string };

export const REQUEST_TYP = "fb-request+jwt";
/** A request token lives at most this long (exp − iat). */
export const MAX_TOKEN_LIFETIME_S = 60;
const CLOCK_TOLERANCE_S = 5;

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
  const found = (await lookupAgentKeys([header.kid])).get(header.kid);
  const refused = refuseKey(header.kid, found);
  if (refused) throw refuse(`${refused.code}: ${refused.detail}`);
  const key = found!;
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(token, key.key, {
      algorithms: ALLOWED_ALGS, audience: "firebreak", typ: REQUEST_TYP, currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_S, requiredClaims: ["sub", "iat", "exp", "jti"],
    }));
  } catch (err) {
    throw refuse(`the request token was refused: ${(err as Error).message}`);
  }
  const { sub, iat, exp, jti, aud } = claims as { sub: string; iat: number; exp: number; jti: string; aud: string | string[] };
  if (sub !== key.agentId) throw refuse(`sub ${sub} does not own key ${header.kid}`);
  if (exp - iat > MAX_TOKEN_LIFETIME_S) throw refuse(`exp must be at most ${MAX_TOKEN_LIFETIME_S} s after iat (got ${exp - iat} s)`);
  if (iat > now.getTime() / 1000 + CLOCK_TOLERANCE_S) throw refuse("iat is in the future");
  if (typeof jti !== "string" || jti.length === 0 || jti.length > 200) throw refuse("jti must be a string of 1–200 characters");
  const expiresAt = new Date((exp + CLOCK_TOLERANCE_S) * 1000);
  const replicas = (Array.isArray(aud) ? aud : [aud]).filter((a) => a.startsWith(REPLICA_AUDIENCE_PREFIX));
  if (replicas.length === 0) await spendJti(key.agentId, jti, expiresAt, now);
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

// Single use: the insert fails when the jti was seen; expired ones are swept now and then.
async function spendJti(agentId: string, jti: string, expiresAt: Date, now: Date) {
  const db = getDb();
  try {
    await db.usedJti.create({ data: { jti: `${agentId}:${jti}`, agentId, expiresAt } });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw refuse(`jti ${jti} was already used`);
    throw err;
  }
  if (Math.random() < 0.01) await db.usedJti.deleteMany({ where: { expiresAt: { lt: now } } });
}
