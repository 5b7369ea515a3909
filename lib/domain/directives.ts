import { z } from "zod";
import { ZAgentId } from "./agent-id.ts";
import { ZId } from "./ids.ts";
import { ZBoundary } from "./policy.ts";

// Times travel as ISO-8601 strings (epoch ms numbers are accepted too); both parse to epoch ms.
const ZTime = z.union([z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)), z.number().int().nonnegative()]);

/** approve_half_open: the only way a breaker may leave OPEN (docs/architecture.md#directives, #breaker). */
export const ZApproveHalfOpen = z.object({
  type: z.literal("approve_half_open"),
  boundary: ZBoundary,
  epoch: z.int().min(0),
  approvalId: ZId,
  notBefore: ZTime,
  expiresAt: ZTime,
});

/** One control-plane directive to an agent; times parsed to epoch ms. */
export const ZDirective = z.discriminatedUnion("type", [
  ZApproveHalfOpen,
  z.object({ type: z.literal("force_open"), boundary: ZBoundary, reason: z.string().max(2000).default("forced open") }),
  z.object({ type: z.literal("policy_updated"), version: z.int().min(0) }),
  z.object({ type: z.literal("key_revoked"), agentId: ZAgentId, kid: z.string().min(1).max(128) }),
  z.object({ type: z.literal("agent_suspended"), agentId: ZAgentId }),
]);
/** A parsed directive. */
export type TDirective = z.infer<typeof ZDirective>;

/** The payload of a fb-directives+jws answer; directives stay unparsed so one unknown kind never hides the rest. */
export const ZDirectivesPayload = z.object({ directives: z.array(z.unknown()).max(10_000), cursor: z.string().max(200) });
/** The payload of a fb-directives+jws answer. */
export type TDirectivesPayload = z.infer<typeof ZDirectivesPayload>;
