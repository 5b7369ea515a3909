import type { ServerResponse } from "node:http";
import type { TSidecarCore } from "./core.ts";

/** The view of GET /healthz: coarse on the inbound port (anyone who reaches it), detailed on the outbound port (the agent). */
export type THealthView = "coarse" | "detailed";

/**
 * GET /healthz (docs/sidecar.md, "Directives, policy, and the control plane going away"). Both ports say whether
 * the sidecar is ok or degraded (the control plane does not answer: the last policy is enforced, reports are
 * queued). Only the outbound port, which only the local agent reaches, adds the details: the agent, the
 * control plane's last contact, the policy version, the report queue and each peer's breaker state.
 */
export function writeHealth(core: TSidecarCore, res: ServerResponse, view: THealthView): void {
  const { health, ctx } = core;
  const degraded = health.reachable === false;
  const note = degraded ? "control plane unreachable: enforcing with the last policy and breaker states; reports are queued" : undefined;
  let body: string;
  if (view === "coarse") {
    body = JSON.stringify({ status: degraded ? "degraded" : "ok", note });
  } else {
    const stats = ctx.reporter.stats();
    body = JSON.stringify({
      status: degraded ? "degraded" : "ok",
      agent: ctx.id,
      controlPlane: {
        reachable: health.reachable ?? null,
        lastContactAt: health.lastContactAt ? new Date(health.lastContactAt).toISOString() : null,
        ...(health.lastError ? { error: health.lastError } : {}),
        note,
      },
      policyVersion: ctx.policy.version,
      // pending: breaker transitions the control plane has not acknowledged; durable: they are in the state file (breakerStateFile).
      reports: { queued: stats.queued, pending: stats.pending, durable: core.breakerFile !== undefined, dropped: stats.dropped, accepted: stats.accepted, rejected: stats.rejected },
      breakers: Object.fromEntries([...ctx.breakers.all()].map(([sender, s]) => [sender, s.state])),
    });
  }
  res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store", "content-length": Buffer.byteLength(body) }).end(body);
}
