import { verifyEd25519Jws } from "../keys/ed25519-verify.ts";
import { checkJwsHeader } from "../keys/jws-header.ts";
import { lookupAgentKeys, type AgentKeyInfo } from "../keys/agent-keys.ts";
import type { EventError } from "./results.ts";

export type Verified = { ok: true; jws: string; kid: string; agentId: string; payload: Uint8Array; payloadB64: string };
export type VerifyOutcome = Verified | { ok: false; error: EventError };

const TYP = "fb-event+jws";

/** Verifies every JWS of a batch against registered agent keys, concurrently; one outcome per input, in order. */
export async function verifyEvents(batch: string[]): Promise<VerifyOutcome[]> {
  const headers = batch.map((jws) => checkJwsHeader(jws, TYP));
  const keys = await lookupAgentKeys(headers.flatMap((h) => (h.ok ? [h.kid] : [])));
  return Promise.all(
    batch.map(async (jws, i): Promise<VerifyOutcome> => {
      const h = headers[i];
      if (!h.ok) return { ok: false, error: { code: h.code, detail: h.detail } };
      const key = keys.get(h.kid);
      const refused = refuseKey(h.kid, key);
      if (refused) return { ok: false, error: refused };
      const payload = await verifyEd25519Jws(jws, key!.key);
      if (!payload) return { ok: false, error: { code: "bad_signature", detail: "the signature does not verify with key " + h.kid } };
      return { ok: true, jws, kid: h.kid, agentId: key!.agentId, payload, payloadB64: jws.split(".")[1] };
    }),
  );
}

function refuseKey(kid: string, key: AgentKeyInfo | undefined): EventError | null {
  if (!key) return { code: "unknown_key", detail: `no registered key ${kid}` };
  if (key.revoked) return { code: "revoked_key", detail: `key ${kid} was revoked` };
  if (key.suspended) return { code: "agent_suspended", detail: `agent ${key.agentId} is suspended` };
  return null;
}
