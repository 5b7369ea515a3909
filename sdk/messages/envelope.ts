import { z } from "zod";
import { ZAgentId } from "../../lib/domain/agent-id.ts";
import { ZId } from "../../lib/domain/ids.ts";
import { MAX_CHAIN_LENGTH } from "../../lib/domain/provenance.ts";

/** Most receivers one envelope can name on the wire (the policy's fan-out cap is far lower). */
export const MAX_RECEIVERS = 256;

/** The payload of an agent-to-agent message (a compact JWS of typ fb-message+jws); `chain` runs origin → sender. */
export const ZMessagePayload = z
  .object({
    messageId: ZId,
    sender: ZAgentId,
    receivers: z.array(ZAgentId).min(1).max(MAX_RECEIVERS),
    body: z.json(),
    chain: z.array(ZAgentId).min(1).max(MAX_CHAIN_LENGTH),
    parents: z.array(ZId).max(256),
    iat: z.int().nonnegative(),
  })
  .refine((m) => m.chain[m.chain.length - 1] === m.sender, { path: ["chain"], message: "the chain must end with the sender" });

/** A message as signed and as received. */
export type TMessage = z.infer<typeof ZMessagePayload>;

/** The JWS typ of agent-to-agent messages. */
export const MESSAGE_TYP = "fb-message+jws";
