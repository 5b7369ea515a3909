import { randomUUID } from "node:crypto";
import { compactVerify, createLocalJWKSet, SignJWT } from "jose";
import { appUrl } from "../support/base-url.ts";
import type { TestAgent } from "./agents.ts";

/** A signed agent request token (typ fb-request+jwt); claims and header can be overridden to test refusals. */
export async function agentToken(agent: TestAgent, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: agent.id, aud: "firebreak", iat, exp: iat + 30, jti: randomUUID(), ...claims })
    .setProtectedHeader({ alg: "EdDSA", kid: agent.kid, typ: "fb-request+jwt", ...header })
    .sign(agent.key);
}

/** GET an agent endpoint with a Bearer token (a fresh one unless given). */
export async function agentGet(agent: TestAgent, path: string, token?: string): Promise<Response> {
  return fetch(`${appUrl()}${path}`, { headers: { authorization: `Bearer ${token ?? (await agentToken(agent))}` } });
}

/** Verifies a control-plane JWS with the published JWKS, checking its typ; returns the payload. */
export async function verifyControlPlane<T>(jws: string, typ: string): Promise<T> {
  const jwks = await (await fetch(`${appUrl()}/.well-known/jwks.json`)).json();
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ["EdDSA"] });
  if (protectedHeader.typ !== typ) throw new Error(`expected typ ${typ}, got ${protectedHeader.typ}`);
  return JSON.parse(new TextDecoder().decode(payload)) as T;
}

export type Directive = { id: string; type: string; epoch?: number; approvalId?: string; notBefore?: string; expiresAt?: string; reason?: string; version?: number };

/** Fetches and verifies an agent's directives after a cursor. */
export async function fetchDirectives(agent: TestAgent, after?: string): Promise<{ directives: Directive[]; cursor: string }> {
  const res = await agentGet(agent, `/api/v1/agents/${agent.id}/directives${after ? `?after=${after}` : ""}`);
  if (res.status !== 200) throw new Error(`directives: ${res.status} ${await res.text()}`);
  return verifyControlPlane(await res.text(), "fb-directives+jws");
}
