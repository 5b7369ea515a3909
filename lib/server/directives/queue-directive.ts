import "server-only";
import type { z } from "zod";
import type { ZDirective } from "../../domain/directives.ts";
import { publish } from "../bus.ts";
import type { Tx } from "../db/tx.ts";

/**
 * A directive as queued for an agent (signed when the agent fetches it): the domain's ZDirective before
 * parsing, so what we queue is what agents parse (times as ISO-8601 strings).
 */
export type DirectivePayload = z.input<typeof ZDirective>;

/** Queues a directive for one agent, inside the caller's transaction. */
export async function queueDirective(tx: Tx, agentId: string, payload: DirectivePayload): Promise<void> {
  await tx.directive.create({ data: { agentId, type: payload.type, payload: JSON.stringify(payload) } });
  // Told before the caller's commit: a waiting request keeps looking for a moment (wait-for-directives.ts).
  publish({ type: "directives.queued", agentId });
}

/** Queues the same directive for every active agent. */
export async function queueDirectiveForAll(tx: Tx, payload: DirectivePayload): Promise<void> {
  const agents = await tx.agent.findMany({ where: { status: "active" }, select: { id: true } });
  if (agents.length === 0) return;
  await tx.directive.createMany({
    data: agents.map((a) => ({ agentId: a.id, type: payload.type, payload: JSON.stringify(payload) })),
  });
  publish({ type: "directives.queued", agentId: null });
}
