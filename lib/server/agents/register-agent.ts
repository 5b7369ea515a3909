import "server-only";
import type { JWK } from "jose";
import { ZAgentId } from "../../domain/agent-id.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { orConflict } from "../db/unique-violation.ts";
import { AppError } from "../errors.ts";
import { generateEd25519Jwk, toPublicJwk, type PrivateJwk, type PublicJwk } from "../keys/jwk.ts";
import { publishAndRelay } from "../bus.ts";
import { storeAgentKey } from "./add-agent-key.ts";

export type RegisterAgentOptions = { id: string; name: string; publicJwk?: JWK; actor: string };
export type RegisteredAgent = { agentId: string; kid: string; publicJwk: PublicJwk; privateJwk?: PrivateJwk };

/**
 * Registers a new agent with one key: generated here (the private JWK is returned once and never stored)
 * unless the agent's own public key is given. 409 when the id is taken: add keys with addAgentKey.
 */
export async function registerAgent(opts: RegisterAgentOptions): Promise<RegisteredAgent> {
  const id = ZAgentId.safeParse(opts.id);
  if (!id.success) throw new AppError("invalid", "agent id must match ^[a-z0-9][a-z0-9._-]{1,62}$", { problems: [{ path: "id", message: "lowercase a-z, 0-9, '.', '_', '-', 2–63 characters" }] });
  const name = opts.name.trim();
  if (!name || name.length > 200) throw new AppError("invalid", "agent name must be 1–200 characters", { problems: [{ path: "name", message: "1–200 characters" }] });
  const pair = opts.publicJwk ? { publicJwk: await toPublicJwk(opts.publicJwk), privateJwk: undefined } : await generateEd25519Jwk();
  await transaction(async (tx) => {
    const taken = `an agent ${id.data} is already registered`;
    if (await tx.agent.findUnique({ where: { id: id.data } })) throw new AppError("conflict", taken);
    await orConflict(() => tx.agent.create({ data: { id: id.data, name } }), taken);
    await storeAgentKey(tx, id.data, pair.publicJwk);
    await appendAudit(tx, { actor: opts.actor, action: "agent.registered", subject: `agent:${id.data}`, after: { name, kid: pair.publicJwk.kid } });
  });
  // Sent before the answer: every replica drops its copy of the key set (agents/agent-jwks-cache.ts).
  await publishAndRelay({ type: "agent.updated", agentId: id.data });
  return { agentId: id.data, kid: pair.publicJwk.kid, publicJwk: pair.publicJwk, privateJwk: pair.privateJwk };
}
