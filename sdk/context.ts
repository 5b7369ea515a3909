import type { TPolicyViolationData } from "../lib/domain/event-data.ts";
import type { TRefusal } from "../lib/domain/violation.ts";
import type { Breakers } from "./breakers.ts";
import type { TClock } from "./clock.ts";
import type { PolicyHolder } from "./control/policy-holder.ts";
import type { JwksCache } from "./keys/jwks-cache.ts";
import type { TSigner } from "./keys/signer.ts";
import type { TLogger } from "./logger.ts";
import type { Outbox } from "./messages/outbox.ts";
import type { Peers } from "./peers.ts";
import type { Reporter } from "./reporter/reporter.ts";

/** Everything the agent's parts share (internal; createAgent builds it). */
export type TAgentContext = {
  id: string;
  signer: () => Promise<TSigner>;
  clock: TClock;
  logger: TLogger;
  reporter: Reporter;
  policy: PolicyHolder;
  agentKeys: JwksCache;
  breakers: Breakers;
  peers: Peers;
  outbox: Outbox;
  onViolation?: (v: TPolicyViolationData) => void;
};

/** Reports a refusal as a firebreak.policy.violation event (and tells the onViolation hook); returns the event's id. */
export function reportViolation(ctx: TAgentContext, refusal: Pick<TRefusal, "rule" | "detail" | "count">, messageId?: string): string {
  const data: TPolicyViolationData = {
    rule: refusal.rule,
    detail: refusal.detail.slice(0, 2000) || refusal.rule,
    ...(messageId ? { messageId } : {}),
    ...(refusal.count !== undefined ? { count: refusal.count } : {}),
  };
  const id = ctx.reporter.report("firebreak.policy.violation", data);
  ctx.logger.warn(`policy violation (${data.rule}): ${data.detail}`);
  ctx.onViolation?.(data);
  return id;
}
