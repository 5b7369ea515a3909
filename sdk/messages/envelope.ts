import { z } from "zod";
import { ZAgentId } from "../../lib/domain/agent-id.ts";
import { ZId } from "../../lib/domain/ids.ts";
import { MAX_CHAIN_LENGTH } from "../../lib/domain/provenance.ts";

/** Most receivers one envelope can name on the wire (the policy's fan-out cap is far lower). */
export const MAX_RECEIVERS = 256;

const headers = {
  messageId: ZId,
  sender: ZAgentId,
  receivers: z.array(ZAgentId).min(1).max(MAX_RECEIVERS),
  chain: z.array(ZAgentId).min(1).max(MAX_CHAIN_LENGTH),
  parents: z.array(ZId).max(256),
  iat: z.int().nonnegative(),
};
const endsWithSender: [(m: { chain: string[]; sender: string }) => boolean, { path: string[]; message: string }] = [
  (m) => m.chain[m.chain.length - 1] === m.sender,
  { path: ["chain"], message: "the chain must end with the sender" },
];

/** The payload of an agent-to-agent message (a compact JWS of typ fb-message+jws); `chain` runs origin → sender. */
export const ZMessagePayload = z.object({ ...headers, body: z.json() }).refine(...endsWithSender);

/**
 * The same payload for a body that travels beside the signature (the sidecar's HTTP bodies and SSE events):
 * `bodyDigest` is the base64url SHA-256 of the exact body bytes, in place of the body.
 */
export const ZDigestMessagePayload = z.object({ ...headers, bodyDigest: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be a base64url SHA-256") }).refine(...endsWithSender);

/** A message whose body travels beside its signature. */
export type TDigestMessage = z.infer<typeof ZDigestMessagePayload>;

/** A message as signed and as received. */
export type TMessage = z.infer<typeof ZMessagePayload>;

/** The JWS typ of agent-to-agent messages. */
export const MESSAGE_TYP = "fb-message+jws";
