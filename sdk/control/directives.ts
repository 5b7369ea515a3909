import { ZDirective, ZDirectivesPayload, type TDirective } from "../../lib/domain/directives.ts";
import type { TAgentContext } from "../context.ts";
import { ControlPlaneError } from "../errors.ts";
import type { ControlPlane } from "./control-plane.ts";

/** A verified page of directives: the ones understood, how many were not, and the cursor to ask after next. */
export type TDirectivePage = { directives: TDirective[]; skipped: number; cursor: string };

/**
 * GETs /api/v1/agents/{id}/directives?after=cursor and verifies it (fb-directives+jws by the control plane);
 * with waitS the control plane holds the request until a directive is queued or waitS passes (long polling).
 */
export async function fetchDirectives(cp: ControlPlane, agentId: string, cursor: string | undefined, waitS = 0, signal?: AbortSignal): Promise<TDirectivePage> {
  const params = new URLSearchParams({ ...(cursor ? { after: cursor } : {}), ...(waitS > 0 ? { wait: String(waitS) } : {}) }).toString();
  const path = `/api/v1/agents/${encodeURIComponent(agentId)}/directives${params ? `?${params}` : ""}`;
  const payload = ZDirectivesPayload.safeParse(await cp.getSigned(path, "fb-directives+jws", waitS > 0 ? (waitS + 15) * 1000 : undefined, signal));
  if (!payload.success) throw new ControlPlaneError("invalid_directives", `malformed directives payload: ${payload.error.issues[0]?.message}`);
  const directives: TDirective[] = [];
  for (const raw of payload.data.directives) {
    const d = ZDirective.safeParse(raw);
    if (d.success) directives.push(d.data);
  }
  return { directives, skipped: payload.data.directives.length - directives.length, cursor: payload.data.cursor };
}

/** Acts on one verified directive: approvals and force-opens of our breakers or our sending side, policy, revoked keys, suspended agents. */
export async function applyDirective(ctx: TAgentContext, cp: ControlPlane, d: TDirective): Promise<void> {
  switch (d.type) {
    case "approve_half_open": {
      const { sender, receiver } = d.boundary;
      if (receiver === ctx.id) {
        ctx.breakers.step(sender, { kind: "approval", approvalId: d.approvalId, epoch: d.epoch, notBefore: d.notBefore, expiresAt: d.expiresAt });
      }
      if (sender === ctx.id) ctx.peers.markOpen(receiver, d.notBefore); // the receiver may probe from notBefore on
      return;
    }
    case "force_open": {
      const { sender, receiver } = d.boundary;
      if (receiver === ctx.id) ctx.breakers.step(sender, { kind: "force_open", reason: d.reason });
      if (sender === ctx.id) ctx.peers.markOpen(receiver);
      return;
    }
    case "policy_updated":
      ctx.policy.announce(d.version);
      if (ctx.policy.isBehind) await ctx.policy.refresh(cp);
      return;
    case "key_revoked":
      ctx.agentKeys.drop(d.kid);
      ctx.logger.info(`key ${d.kid} of ${d.agentId} revoked: its messages are refused from now on`);
      return;
    case "agent_suspended":
      // The set no longer lists its keys: refetched now, not at the next refresh (suspension can be undone, so no drop).
      await ctx.agentKeys.refresh();
      ctx.logger.info(`agent ${d.agentId} suspended: its messages are refused from now on`);
      return;
  }
}
