import { z } from "zod";
import { isAgentId, ZAgentId } from "../../lib/domain/agent-id.ts";
import { MAX_ID_LENGTH, ZId } from "../../lib/domain/ids.ts";
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

/**
 * ZDigestMessagePayload's check for the sidecar's hot path (every message in and out): the same rules written
 * out by hand, several times cheaper than zod's object walk. It answers only "yes, and here is the payload";
 * whenever a rule fails it hands the value to zod, so every refusal and its message are zod's own
 * (tests/unit/sdk/digest-message-check.test.ts holds the two to the same answers).
 */
export const DigestMessagePayload = {
  safeParse(v: unknown): ReturnType<typeof ZDigestMessagePayload.safeParse> {
    const data = digestMessageOrNull(v);
    return data ? { success: true, data } : ZDigestMessagePayload.safeParse(v);
  },
};

const isId = (v: unknown): v is string => typeof v === "string" && v.length >= 1 && v.length <= MAX_ID_LENGTH;
const every = <T>(v: unknown, min: number, max: number, test: (x: unknown) => x is T): v is T[] =>
  Array.isArray(v) && v.length >= min && v.length <= max && v.every(test);
const DIGEST_RE = /^[A-Za-z0-9_-]{43}$/;

function digestMessageOrNull(v: unknown): TDigestMessage | null {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return null;
  const m = v as Record<string, unknown>;
  const { messageId, sender, receivers, chain, parents, iat, bodyDigest } = m;
  if (!isId(messageId) || !isAgentId(sender)) return null;
  if (!every(receivers, 1, MAX_RECEIVERS, isAgentId) || !every(chain, 1, MAX_CHAIN_LENGTH, isAgentId)) return null;
  if (!every(parents, 0, 256, isId)) return null;
  if (typeof iat !== "number" || !Number.isSafeInteger(iat) || iat < 0) return null;
  if (typeof bodyDigest !== "string" || !DIGEST_RE.test(bodyDigest)) return null;
  if (chain[chain.length - 1] !== sender) return null;
  return { messageId, sender, receivers: [...receivers], chain: [...chain], parents: [...parents], iat, bodyDigest };
}

/** A message whose body travels beside its signature. */
export type TDigestMessage = z.infer<typeof ZDigestMessagePayload>;

/** A message as signed and as received. */
export type TMessage = z.infer<typeof ZMessagePayload>;

/** The JWS typ of agent-to-agent messages. */
export const MESSAGE_TYP = "fb-message+jws";
