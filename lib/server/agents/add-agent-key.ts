import "server-only";
import type { JWK } from "jose";
import { appendAudit } from "../audit/append-audit.ts";
import { publishAndRelay } from "../bus.ts";
import { transaction } from "../db/transaction.ts";
import type { Tx } from "../db/tx.ts";
import { orConflict } from "../db/unique-violation.ts";
import { AppError } from "../errors.ts";
import { toPublicJwk, type PublicJwk } from "../keys/jwk.ts";

/** Stores a public key for an agent inside the caller's transaction; 409 when the key is already registered. */
export async function storeAgentKey(tx: Tx, agentId: string, publicJwk: PublicJwk): Promise<void> {
  const taken = `key ${publicJwk.kid} is already registered`;
  if (await tx.agentKey.findUnique({ where: { kid: publicJwk.kid } })) throw new AppError("conflict", taken);
  await orConflict(() => tx.agentKey.create({ data: { kid: publicJwk.kid, agentId, publicJwk: JSON.stringify(publicJwk) } }), taken);
}

/** Adds a public key (an Ed25519 JWK the agent made itself) to an existing agent, for key rotation. */
export async function addAgentKey(opts: { agentId: string; publicJwk: JWK; actor: string }): Promise<{ agentId: string; kid: string; publicJwk: PublicJwk }> {
  const publicJwk = await toPublicJwk(opts.publicJwk);
  await transaction(async (tx) => {
    if (!(await tx.agent.findUnique({ where: { id: opts.agentId } }))) throw new AppError("not_found", `no agent ${opts.agentId}`);
    await storeAgentKey(tx, opts.agentId, publicJwk);
    await appendAudit(tx, { actor: opts.actor, action: "agent.key_added", subject: `agent:${opts.agentId}`, after: { kid: publicJwk.kid } });
  });
  // Sent before the answer: every replica drops its cached copy of the keys (keys/agent-key-cache.ts).
  await publishAndRelay({ type: "agent.updated", agentId: opts.agentId });
  return { agentId: opts.agentId, kid: publicJwk.kid, publicJwk };
}
