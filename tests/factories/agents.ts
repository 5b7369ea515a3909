import { randomUUID } from "node:crypto";
import { CompactSign, importJWK, type CryptoKey, type JWK } from "jose";
import { registerAgent } from "../../lib/server/agents/register-agent.ts";
import type { PrivateJwk } from "../../lib/server/keys/jwk.ts";

export type TestAgent = { id: string; kid: string; privateJwk: PrivateJwk; key: CryptoKey };

let counter = 0;

/** Registers a fresh agent with a unique id (prefix-…) and returns its signing material. */
export async function createTestAgent(prefix = "agent"): Promise<TestAgent> {
  const id = `${prefix}-${process.pid}-${++counter}-${randomUUID().slice(0, 6)}`;
  const r = await registerAgent({ id, name: `Test ${prefix}`, actor: "test" });
  const key = (await importJWK(r.privateJwk as JWK, "EdDSA")) as CryptoKey;
  return { id, kid: r.kid, privateJwk: r.privateJwk!, key };
}

/** Signs any payload as a compact JWS with the given protected header (defaults: EdDSA, the agent's kid, fb-event+jws). */
export async function signAs(agent: Pick<TestAgent, "kid" | "key">, payload: unknown, header: Record<string, unknown> = {}): Promise<string> {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : new TextEncoder().encode(JSON.stringify(payload));
  return new CompactSign(bytes).setProtectedHeader({ alg: "EdDSA", kid: agent.kid, typ: "fb-event+jws", ...header }).sign(agent.key);
}

/** A CloudEvents 1.0 event from the agent, of a type with data; overrides replace envelope fields. */
export function cloudEvent(agent: Pick<TestAgent, "id">, type: string, data: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    specversion: "1.0",
    id: `evt-${randomUUID()}`,
    source: agent.id,
    type: `firebreak.${type}`,
    time: new Date().toISOString(),
    data,
    ...overrides,
  };
}

/** A valid message.validated data object for sender → receiver. */
export function validatedData(sender: string, receiver: string, over: Record<string, unknown> = {}) {
  return {
    messageId: `msg-${randomUUID()}`,
    sender,
    receiver,
    outcome: "accepted",
    reasons: [],
    anomalyScore: 0.01,
    chain: [sender],
    parents: [],
    fanOut: 1,
    ...over,
  };
}
