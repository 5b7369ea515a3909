import "server-only";
import { insertRows } from "../db/sql.ts";
import type { EVENT_TYPE } from "../../domain/events.ts";
import type { Projector } from "../events/projection.ts";

/** policy.violation → a violation row for the reporting agent. */
export const projectViolations: Projector<typeof EVENT_TYPE.policyViolation> = async ({ tx, changes }, events) => {
  await insertRows(tx, "PolicyViolation", ["eventSeq", "agentId", "rule", "detail", "messageId", "count", "time"],
    events.map((e) => {
      const d = e.data;
      return [e.seq, e.source, d.rule, d.detail, d.messageId ?? null, d.count ?? null, e.time];
    }));
  // Live pages re-read the agent; its row and keys did not change, so the key caches keep theirs.
  for (const agentId of new Set(events.map((e) => e.source))) changes.push({ type: "agent.updated", agentId, reportsOnly: true });
};
