import { z } from "zod";
import { ZAgentId } from "./agent-id.ts";
import {
  ZBreakerTransitionData, ZMemoryReadData, ZMemoryWriteData, ZMessageValidatedData, ZPolicyViolationData,
} from "./event-data.ts";
import { ZId } from "./ids.ts";
import { toIssues, type TIssue } from "./issues.ts";

export * from "./event-data.ts";

/** The five Firebreak event types (docs/architecture.md#events). */
export const EVENT_TYPES = [
  "firebreak.message.validated",
  "firebreak.breaker.transition",
  "firebreak.memory.write",
  "firebreak.memory.read",
  "firebreak.policy.violation",
] as const;
/** A Firebreak event type. */
export type TEventType = (typeof EVENT_TYPES)[number];

/** Each event type by name, for code that names one (a typo is a compile error, not a silent miss). */
export const EVENT_TYPE = {
  messageValidated: "firebreak.message.validated",
  breakerTransition: "firebreak.breaker.transition",
  memoryWrite: "firebreak.memory.write",
  memoryRead: "firebreak.memory.read",
  policyViolation: "firebreak.policy.violation",
} as const satisfies Record<string, TEventType>;

/** The strict `data` schema of each event type. */
export const EVENT_DATA_SCHEMAS = {
  "firebreak.message.validated": ZMessageValidatedData,
  "firebreak.breaker.transition": ZBreakerTransitionData,
  "firebreak.memory.write": ZMemoryWriteData,
  "firebreak.memory.read": ZMemoryReadData,
  "firebreak.policy.violation": ZPolicyViolationData,
} as const satisfies Record<TEventType, z.ZodType>;

/** True when `type` is one of EVENT_TYPES. */
export function isEventType(type: unknown): type is TEventType {
  return typeof type === "string" && (EVENT_TYPES as readonly string[]).includes(type);
}

const CONTEXT = ["specversion", "id", "source", "type", "time", "data", "datacontenttype", "dataschema", "subject"];
const KNOWN = new Set(CONTEXT);
// CloudEvents: extension names are lowercase a-z / 0-9 (the spec's 20-char length is a SHOULD; we allow 64).
const EXTENSION_NAME = /^[a-z0-9]{1,64}$/;
const ZExtensionValue = z.union([z.string().max(4096), z.number(), z.boolean()]);

function checkExtensions(event: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [key, value] of Object.entries(event)) {
    if (KNOWN.has(key)) continue;
    if (!EXTENSION_NAME.test(key)) {
      ctx.addIssue({ code: "custom", path: [key], message: "extension attribute names are lowercase a-z and 0-9 only" });
    } else if (!ZExtensionValue.safeParse(value).success) {
      ctx.addIssue({ code: "custom", path: [key], message: "extension attribute values are strings, numbers or booleans" });
    }
  }
}

const ENVELOPE = {
  specversion: z.literal("1.0", { error: 'must be "1.0" (CloudEvents 1.0)' }),
  id: ZId,
  source: z.string({ error: "must be the agent id of the signer (a string, not a URI)" }).pipe(ZAgentId),
  time: z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time with a timezone" }),
  datacontenttype: z.string().min(1).max(200).optional(),
  dataschema: z.string().min(1).max(2048).optional(),
  subject: z.string().min(1).max(1000).optional(),
};

/** A CloudEvents 1.0 JSON event with a JSON-object `data`; extension attributes are kept, not interpreted. */
export const ZCloudEvent = z
  .looseObject({
    ...ENVELOPE,
    type: z.string({ error: 'must be an event type string such as "firebreak.message.validated"' }).min(1).max(200),
    data: z.record(z.string(), z.unknown(), { error: "must be a JSON object holding the fields of the event type" }),
  })
  .superRefine(checkExtensions);
/** A CloudEvents envelope whose data is not yet checked. */
export type TCloudEvent = z.infer<typeof ZCloudEvent>;

function eventOf<T extends TEventType>(type: T) {
  return z.looseObject({ ...ENVELOPE, type: z.literal(type), data: EVENT_DATA_SCHEMAS[type] }).superRefine(checkExtensions);
}

/** A whole Firebreak event: envelope plus the data of its type, discriminated by `type`. */
export const ZFirebreakEvent = z.discriminatedUnion("type", [
  eventOf("firebreak.message.validated"),
  eventOf("firebreak.breaker.transition"),
  eventOf("firebreak.memory.write"),
  eventOf("firebreak.memory.read"),
  eventOf("firebreak.policy.violation"),
]);
/** A Firebreak event; narrowing on `type` types `data`. */
export type TFirebreakEvent = z.infer<typeof ZFirebreakEvent>;

/** Result of parseFirebreakEvent, with the ingest error code for a refusal. */
export type TEventParse =
  | { ok: true; event: TFirebreakEvent }
  | { ok: false; code: "invalid_event" | "unknown_type"; issues: TIssue[] };

/**
 * Checks a decoded payload: envelope first (invalid_event), then its type (unknown_type), then its data.
 * The same checks as ZFirebreakEvent, with the envelope parsed once (this runs for every ingested event).
 */
export function parseFirebreakEvent(payload: unknown): TEventParse {
  const envelope = ZCloudEvent.safeParse(payload);
  if (!envelope.success) return { ok: false, code: "invalid_event", issues: toIssues(envelope.error) };
  const { type } = envelope.data;
  if (!isEventType(type)) {
    return { ok: false, code: "unknown_type", issues: [{ path: "type", message: `unknown event type ${type}` }] };
  }
  const data = EVENT_DATA_SCHEMAS[type].safeParse(envelope.data.data);
  if (!data.success) return { ok: false, code: "invalid_event", issues: toIssues(data.error, ["data"]) };
  // The envelope as checked, with the data its type's schema made: what ZFirebreakEvent gives for this type.
  return { ok: true, event: { ...envelope.data, type, data: data.data } as TFirebreakEvent };
}
