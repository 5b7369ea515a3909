import type { ServerResponse } from "node:http";
import type { TSidecarCore } from "./core.ts";

/** GET /healthz on either port: whether the control plane answers, the policy in force, the report queue. */
export function writeHealth(core: TSidecarCore, res: ServerResponse): void {
  const { health, ctx } = core;
  const stats = ctx.reporter.stats();
  const body = JSON.stringify({
    status: health.reachable === false ? "degraded" : "ok",
    agent: ctx.id,
    controlPlane: {
      reachable: health.reachable ?? null,
      lastContactAt: health.lastContactAt ? new Date(health.lastContactAt).toISOString() : null,
      ...(health.lastError ? { error: health.lastError } : {}),
      note: health.reachable === false ? "enforcing with the last policy and breaker states; reports are queued" : undefined,
    },
    policyVersion: ctx.policy.version,
    // pending: breaker transitions the control plane has not acknowledged; durable: they are in the state file (breakerStateFile).
    reports: { queued: stats.queued, pending: stats.pending, durable: core.breakerFile !== undefined, dropped: stats.dropped, accepted: stats.accepted, rejected: stats.rejected },
    breakers: Object.fromEntries([...ctx.breakers.all()].map(([sender, s]) => [sender, s.state])),
  });
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) }).end(body);
}
