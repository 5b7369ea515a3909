import "server-only";
import { appendAudit } from "../audit/append-audit.ts";
import { publish, type BusMessage } from "../bus.ts";
import { transaction } from "../db/transaction.ts";
import { queueDirective } from "../directives/queue-directive.ts";
import { AppError } from "../errors.ts";
import { assertCan, auditActor, requireText, type Person } from "../person.ts";
import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import { lockReceivers } from "./receiver-lock.ts";
import { startEpoch } from "./start-epoch.ts";

export type ForceOpenOptions = { boundaryId: string; reason: string; user: Person; now?: Date };

/**
 * The kill switch (security, admin): the boundary goes OPEN in a new epoch with a review queued, and its
 * receiver gets a force_open directive. The agent's next report of OPEN acknowledges this epoch.
 */
export async function forceOpenBoundary(opts: ForceOpenOptions): Promise<{ boundaryId: string; epoch: number; reviewId: string | null }> {
  assertCan(opts.user, "boundary.force_open");
  const reason = requireText(opts.reason, "reason");
  const now = opts.now ?? new Date();
  const { policy } = await getCurrentPolicy({ fresh: true });
  const changes: BusMessage[] = [];
  const actor = auditActor(opts.user);
  const result = await transaction(async (tx) => {
    const found = await tx.boundary.findUnique({ where: { id: opts.boundaryId }, select: { receiver: true } });
    if (!found) throw new AppError("not_found", `no boundary ${opts.boundaryId}`);
    // Read it under its receiver's lock: an agent's trip reported at the same moment on another replica
    // starts its epoch before or after this one, never the same one.
    await lockReceivers(tx, [found.receiver]);
    const boundary = await tx.boundary.findUniqueOrThrow({ where: { id: opts.boundaryId } });
    const last = await tx.breakerTransition.findFirst({ where: { boundaryId: boundary.id, applied: true }, orderBy: { id: "desc" }, select: { time: true } });
    const started = await startEpoch(tx, {
      boundary, at: now, now, policy, since: last?.time ?? null, trip: null, forcedBy: { actor, reason }, actor, changes,
    });
    await tx.boundary.update({ where: { id: boundary.id }, data: { awaitingForceAck: true } });
    const target = { sender: boundary.sender, receiver: boundary.receiver };
    await queueDirective(tx, boundary.receiver, { type: "force_open", boundary: target, reason });
    await appendAudit(tx, {
      actor, action: "boundary.force_open", subject: `boundary:${boundary.id}`,
      before: { state: boundary.state, epoch: boundary.epoch }, after: { state: "OPEN", epoch: started.epoch, reason },
    });
    changes.push({ type: "boundary.updated", boundaryId: boundary.id });
    return { boundaryId: boundary.id, ...started };
  });
  for (const m of changes) publish(m);
  return result;
}
