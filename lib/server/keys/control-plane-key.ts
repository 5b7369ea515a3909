import "server-only";
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { getDb } from "../db/client.ts";
import { generateEd25519Jwk, type PublicJwk } from "./jwk.ts";

type Loaded = { kid: string; publicJwk: PublicJwk; privateKey: KeyObject };
const holder = (globalThis as Record<string, unknown>) as { __firebreakCpKey?: Promise<Loaded> };

/** The control plane's signing key: generated and stored on first use, then kept in memory. */
export function controlPlaneKey(): Promise<Loaded> {
  holder.__firebreakCpKey ??= loadOrCreate().catch((err) => {
    holder.__firebreakCpKey = undefined;
    throw err;
  });
  return holder.__firebreakCpKey;
}

async function loadOrCreate(): Promise<Loaded> {
  const db = getDb();
  let row = await db.controlPlaneKey.findFirst({ where: { active: true }, orderBy: { createdAt: "asc" } });
  if (!row) {
    const { publicJwk, privateJwk } = await generateEd25519Jwk();
    // Another replica may create its key at the same moment; everyone then uses the oldest.
    await db.controlPlaneKey.create({ data: { kid: publicJwk.kid, publicJwk: JSON.stringify(publicJwk), privateJwk: JSON.stringify(privateJwk) } });
    row = await db.controlPlaneKey.findFirstOrThrow({ where: { active: true }, orderBy: { createdAt: "asc" } });
  }
  const privateKey = createPrivateKey({ key: JSON.parse(row.privateJwk), format: "jwk" });
  return { kid: row.kid, publicJwk: JSON.parse(row.publicJwk), privateKey };
}

/** Signs a JSON payload as the control plane: compact JWS, EdDSA, the given typ. */
export async function signAsControlPlane(payload: unknown, typ: "fb-directives+jws" | "fb-policy+jws" | "fb-anchor+jws"): Promise<string> {
  const key = await controlPlaneKey();
  // node:crypto directly: every answered directive poll is signed, and WebCrypto's sign (what jose uses)
  // costs several times more CPU per signature on the request thread.
  const input = `${b64url(JSON.stringify({ alg: "EdDSA", kid: key.kid, typ }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString("base64url")}`;
}

const b64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");

/** The control plane's public JWKS (GET /.well-known/jwks.json). */
export async function controlPlaneJwks(): Promise<{ keys: PublicJwk[] }> {
  const rows = await getDb().controlPlaneKey.findMany({ where: { active: true }, orderBy: { createdAt: "asc" } });
  if (rows.length === 0) return { keys: [(await controlPlaneKey()).publicJwk] };
  return { keys: rows.map((r) => JSON.parse(r.publicJwk)) };
}
