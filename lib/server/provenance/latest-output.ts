import "server-only";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";

/** The newest message or memory record an agent produced: where its provenance graph opens. not_found when it produced none. */
export async function latestOutput(opts: { agentId: string }): Promise<string> {
  const node = await getDb().provenanceNode.findFirst({ where: { agentId: opts.agentId }, orderBy: { createdAt: "desc" }, select: { id: true } });
  if (!node) throw new AppError("not_found", `${opts.agentId} has produced no message or memory record`);
  return node.id;
}
