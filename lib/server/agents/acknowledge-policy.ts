import "server-only";
import { getDb } from "../db/client.ts";

/**
 * Notes that an agent fetched (and so acknowledged) a policy version, for the dashboard. Written only when
 * the version changes: agents fetch the policy only when told of a new one, and an idle agent writes nothing.
 */
export async function acknowledgePolicy(opts: { agentId: string; version: number; now?: Date }): Promise<void> {
  await getDb().agent.updateMany({
    where: { id: opts.agentId, OR: [{ policyVersion: null }, { policyVersion: { not: opts.version } }] },
    data: { policyVersion: opts.version, policyAckAt: opts.now ?? new Date() },
  });
}
