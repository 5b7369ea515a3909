import { decodeProtectedHeader, type ProtectedHeaderParameters } from "jose";

/** The algorithms anyone (agent or control plane) may sign with: Ed25519 only (EdDSA and its new name). */
export const ALLOWED_ALGS = ["EdDSA", "Ed25519"];

/** The outcome of checkJwsHeader, with the ingest error code of a refusal. */
export type HeaderCheck =
  | { ok: true; kid: string; header: ProtectedHeaderParameters }
  | { ok: false; code: "malformed_jws" | "alg_not_allowed" | "wrong_typ" | "unknown_key"; detail: string };

/**
 * Why a string is not a compact JWS of three unpadded base64url parts (RFC 7515), or null. Python's
 * urlsafe_b64encode keeps the "=" padding: the refusal says to strip it.
 */
export function jwsShapeProblem(jws: string): (HeaderCheck & { ok: false }) | null {
  const parts = jws.split(".");
  if (jws.length === 0 || parts.length !== 3) {
    return { ok: false, code: "malformed_jws", detail: "not a compact JWS (three base64url parts)" };
  }
  if (jws.includes("=")) {
    return { ok: false, code: "malformed_jws", detail: "base64url padding (=) is not allowed in a compact JWS: strip the trailing = of each part" };
  }
  if (!parts.every((p) => /^[A-Za-z0-9_-]*$/.test(p))) {
    return { ok: false, code: "malformed_jws", detail: "each part of a compact JWS is base64url: A-Z, a-z, 0-9, - and _ only" };
  }
  return null;
}

/**
 * Checks a compact JWS's protected header before any key is looked up: shape, pinned alg, typ, kid.
 *
 * An agent signs every event and message with the same header, so the answer for a header segment is kept
 * (a bounded map, cleared when full): a sender pays for decoding and checking its header once, not once a
 * message. The shape of the whole JWS is still checked every time, since payload and signature are each
 * message's own. Kept answers are frozen: a caller cannot change what the next caller is told.
 */
export function checkJwsHeader(jws: string, typ: string): HeaderCheck {
  const shape = jwsShapeProblem(jws);
  if (shape) return shape;
  const key = `${typ} ${jws.slice(0, jws.indexOf("."))}`;
  const known = headerAnswers.get(key);
  if (known) return known;
  const answer = deepFreeze(decideHeader(jws, typ));
  if (headerAnswers.size >= HEADER_MEMO_MAX) headerAnswers.clear();
  headerAnswers.set(key, answer);
  return answer;
}

/** How many distinct (typ, header) answers are kept: far more than the senders one process hears. */
const HEADER_MEMO_MAX = 1024;
const headerAnswers = new Map<string, HeaderCheck>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function decideHeader(jws: string, typ: string): HeaderCheck {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return { ok: false, code: "malformed_jws", detail: "the protected header is not base64url JSON" };
  }
  if (typeof header.alg !== "string" || !ALLOWED_ALGS.includes(header.alg)) {
    return { ok: false, code: "alg_not_allowed", detail: `alg ${JSON.stringify(header.alg ?? null)} is not allowed; sign with EdDSA (Ed25519)` };
  }
  if (header.typ !== typ) {
    return { ok: false, code: "wrong_typ", detail: `typ must be ${typ} (got ${JSON.stringify(header.typ ?? null)})` };
  }
  if (header.crit !== undefined || header.b64 !== undefined) {
    return { ok: false, code: "malformed_jws", detail: "crit and b64 header parameters are not supported" };
  }
  if (typeof header.kid !== "string" || header.kid.length === 0 || header.kid.length > 128) {
    return { ok: false, code: "unknown_key", detail: "kid is required in the protected header" };
  }
  return { ok: true, kid: header.kid, header };
}
