import { z } from "zod";

/** Agent id rule (docs/architecture.md#identity): lowercase, 2–63 chars, starting with a letter or digit. */
export const AGENT_ID_RE = /^[a-z0-9][a-z0-9._-]{1,62}$/;

/** Zod schema for an agent id. */
export const ZAgentId = z
  .string()
  .regex(AGENT_ID_RE, { message: "must be an agent id: lowercase a-z, 0-9, '.', '_', '-', 2-63 chars" });

/** An agent id (validated by ZAgentId). */
export type TAgentId = z.infer<typeof ZAgentId>;

/** True when the value is a string that is a well-formed agent id. */
export function isAgentId(value: unknown): value is TAgentId {
  return typeof value === "string" && AGENT_ID_RE.test(value);
}
