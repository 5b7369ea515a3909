import { z } from "zod";
import { ZAgentId } from "./agent-id.ts";
import { BREAKER_STATES } from "./breaker-state.ts";
import { ZId } from "./ids.ts";
import { MAX_CHAIN_LENGTH } from "./provenance.ts";
import { VIOLATION_RULES } from "./violation.ts";

const ZChain = z.array(ZAgentId).min(1).max(MAX_CHAIN_LENGTH);
/**
 * Largest counter on the wire (seq, failureCount, fanOut, count): 2^53 − 1, the largest integer a JSON number
 * (a double) and a JS number carry exactly. Both databases store it (int8 on PostgreSQL; see docs/scale.md#counters).
 */
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER;
const ZCount = z.number().int().min(0).max(MAX_COUNTER, { message: `must be at most ${MAX_COUNTER} (2^53 − 1, the largest integer a JSON number carries exactly)` });
const ZShare = z.number().min(0).max(1);
const ZText = (max: number) => z.string().min(1).max(max);

/** data of firebreak.message.validated, reported by the receiver; `chain` runs origin → sender. */
export const ZMessageValidatedData = z
  .strictObject({
    messageId: ZId,
    sender: ZAgentId,
    receiver: ZAgentId,
    outcome: z.enum(["accepted", "rejected"]),
    reasons: z.array(ZText(500)).max(50),
    anomalyScore: ZShare,
    chain: ZChain,
    parents: z.array(ZId).max(256),
    fanOut: ZCount,
  })
  .refine((d) => d.chain[d.chain.length - 1] === d.sender, { path: ["chain"], message: "chain must end with the sender" });
/** data of firebreak.message.validated. */
export type TMessageValidatedData = z.infer<typeof ZMessageValidatedData>;

/** data of firebreak.breaker.transition, reported by the receiver (which owns the breaker). */
export const ZBreakerTransitionData = z.strictObject({
  sender: ZAgentId,
  receiver: ZAgentId,
  seq: ZCount,
  from: z.enum(BREAKER_STATES),
  to: z.enum(BREAKER_STATES),
  reason: ZText(500),
  failureCount: ZCount,
  anomalyRate: ZShare,
  approvalId: ZId.optional(),
});
/** data of firebreak.breaker.transition. */
export type TBreakerTransitionData = z.infer<typeof ZBreakerTransitionData>;

/** data of firebreak.memory.write; valueHash is the sha256 of the value, lowercase hex. */
export const ZMemoryWriteData = z.strictObject({
  recordId: ZId,
  partition: ZAgentId,
  key: ZText(500),
  valueHash: z.string().regex(/^[0-9a-f]{64}$/, { message: "must be a sha256 digest: 64 lowercase hex characters" }),
  derivedFrom: z.array(ZId).max(256),
  chain: ZChain,
});
/** data of firebreak.memory.write. */
export type TMemoryWriteData = z.infer<typeof ZMemoryWriteData>;

/** data of firebreak.memory.read. */
export const ZMemoryReadData = z.strictObject({
  recordId: ZId,
  partition: ZAgentId,
  key: ZText(500),
  grantId: ZId.optional(),
});
/** data of firebreak.memory.read. */
export type TMemoryReadData = z.infer<typeof ZMemoryReadData>;

/** data of firebreak.policy.violation. */
export const ZPolicyViolationData = z.strictObject({
  rule: z.enum(VIOLATION_RULES),
  detail: ZText(2000),
  messageId: ZId.optional(),
  count: ZCount.optional(),
});
/** data of firebreak.policy.violation. */
export type TPolicyViolationData = z.infer<typeof ZPolicyViolationData>;
