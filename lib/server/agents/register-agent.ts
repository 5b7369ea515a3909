import type { JWK } from "jose";
import { ZAgentId } from "../../domain/agent-id.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { generateEd25519Jwk, toPublicJwk, type PrivateJwk, type PublicJwk } from "../keys/jwk.ts";
import { publish } from "../bus.ts";

export type RegisterAgentOptions = { id: string; name: string; publicJwk?: JWK; actor: string };
export type RegisteredAgent = { agentId: string; kid: string; publicJwk: PublicJwk; privateJwk?: PrivateJwk };

/** Registers an agent (or adds a key to an existing one); generates the key pair unless a public key is given. */
export async function registerAgent(opts: RegisterAgentOptions): Promise<RegisteredAgent> {
  const id = ZAgentId.safeParse(opts.id);
  if (!id.success) throw new AppError("invalid", "agent id must match ^[a-z0-9][a-z0-9._-]{1,62}$");
  const name = opts.name.trim();
  if (!name || name.length > 200) throw new AppError("invalid", "agent name must be 1–200 characters");
  const pair = opts.publicJwk ? { publicJwk: await toPublicJwk(opts.publicJwk), privateJwk: undefined } : await generateEd25519Jwk();
  const { kid } = pair.publicJwk;
  await getDb().$transaction(async (tx) => {
    if (await tx.agentKey.findUnique({ where: { kid } })) throw new AppError("conflict", `key ${kid} is already registered`);
    const existing = await tx.agent.findUnique({ where: { id: id.data } });
    if (!existing) await tx.agent.create({ data: { id: id.data, name } });
    await tx.agentKey.create({ data: { kid, agentId: id.data, publicJwk: JSON.stringify(pair.publicJwk) } });
    await appendAudit(tx, {
      actor: opts.actor,
      action: existing ? "agent.key_added" : "agent.registered",
      subject: `agent:${id.data}`,
      after: { name, kid },
    });
  });
  publish({ type: "agent.updated", agentId: id.data });
  return { agentId: id.data, kid, publicJwk: pair.publicJwk, privateJwk: pair.privateJwk };
}
