import { z } from "zod";
import { ZAgentId } from "../lib/domain/agent-id.ts";
import { EVENT_DATA_SCHEMAS, EVENT_TYPES } from "../lib/domain/events.ts";
import { ZId } from "../lib/domain/ids.ts";
import { isStateChange, type TOutgoingEvent } from "../sdk/index.ts";

/** Most breaker transitions kept on disk (far more than a sidecar makes between two contacts with the control plane). */
export const MAX_SAVED_TRANSITIONS = 1_000;
/** Most other reports kept on disk (the oldest queued: the evidence of a trip comes before it). */
export const MAX_SAVED_OTHERS = 1_000;

const ZTime = z.iso.datetime({ offset: true });

/** A report saved in the state file: an unsigned CloudEvent as the reporter queued it (signed again when sent). */
export const ZSavedReport = z
  .strictObject({
    specversion: z.literal("1.0"), id: ZId, source: ZAgentId, type: z.enum(EVENT_TYPES), time: ZTime,
    data: z.record(z.string(), z.unknown()), firebreakfirsttime: ZTime.optional(),
  })
  .superRefine((e, ctx) => {
    const r = EVENT_DATA_SCHEMAS[e.type].safeParse(e.data);
    for (const i of r.error?.issues.slice(0, 1) ?? []) ctx.addIssue({ code: "custom", path: ["data", ...i.path.map(String)], message: i.message });
  }) satisfies z.ZodType<TOutgoingEvent>;

/** The saved reports' section of the state file. */
export const ZSavedReports = z.array(ZSavedReport).max(MAX_SAVED_TRANSITIONS + MAX_SAVED_OTHERS);

/** What of the queue goes on disk, in queue order: every breaker transition (the newest if ever too many), then the oldest others. */
export function reportsToSave(queued: readonly TOutgoingEvent[]): { saved: TOutgoingEvent[]; left: number } {
  const transitions = queued.filter(isStateChange);
  const skipTransitions = Math.max(0, transitions.length - MAX_SAVED_TRANSITIONS);
  let others = 0;
  let seenTransitions = 0;
  const saved = queued.filter((e) => (isStateChange(e) ? seenTransitions++ >= skipTransitions : others++ < MAX_SAVED_OTHERS));
  return { saved, left: queued.length - saved.length };
}

/** One line for the log: how many reports wait, and which breaker transitions among them. */
export function describePending(reports: readonly TOutgoingEvent[]): Record<string, unknown> {
  const transitions = reports.filter(isStateChange).map((e) => {
    const d = e.data as { sender: string; receiver: string; seq: number; from: string; to: string };
    return `${d.sender} → ${d.receiver} seq ${d.seq} ${d.from} → ${d.to}`;
  });
  return { reports: reports.length, breakerTransitions: transitions };
}
