import "server-only";
import type { EVENT_TYPE } from "../../domain/events.ts";
import { boundaryId } from "../boundaries/boundary-id.ts";
import { checkedBoundaries } from "./checked-boundaries.ts";
import { raiseIncident } from "../incidents/raise-incident.ts";
import type { Projector, StoredEvent } from "../events/projection.ts";

// SQLite gives ISO text, PostgreSQL a Date.
const timeOf = (t: string | Date) => (typeof t === "string" ? Date.parse(t) : t.getTime());

/**
 * After this batch's transitions are applied: messages a receiver reports as accepted after the trip of a
 * boundary the server shows OPEN went through a tripped breaker. One traffic_while_open incident per epoch.
 * A person's force-open counts only once the agent acknowledged it (it learns of it at its next poll).
 */
export const projectTrafficWhileOpen: Projector<typeof EVENT_TYPE.messageValidated> = async (ctx, events) => {
  const { tx, changes } = ctx;
  const accepted = new Map<string, StoredEvent[]>();
  for (const e of events) {
    const d = e.data;
    if (d.outcome !== "accepted") continue;
    const id = boundaryId(d.sender, d.receiver);
    accepted.set(id, [...(accepted.get(id) ?? []), e]);
  }
  if (accepted.size === 0) return;
  // With the boundaries the unreported-trip replay reads next (checked-boundaries.ts).
  const boundaries = await checkedBoundaries(ctx, [...accepted.keys()]);
  const open = [...accepted.keys()].flatMap((id) => {
    const b = boundaries.get(id);
    return b && b.state === "OPEN" && !Number(b.awaitingForceAck) ? [b] : [];
  });
  for (const b of open) {
    if (b.trippedAt === null) continue;
    const since = timeOf(b.trippedAt);
    const through = accepted.get(b.id)!.filter((e) => e.time.getTime() > since);
    if (through.length === 0) continue;
    const updatedAt = new Date(timeOf(b.updatedAt));
    if (await tx.incident.count({ where: { boundaryId: b.id, type: "traffic_while_open", createdAt: { gte: updatedAt } } })) continue;
    // Once per epoch whichever replica sees the traffic first: the key lets one insert through.
    await raiseIncident(tx, {
      type: "traffic_while_open", boundaryId: b.id, changes, onceKey: `traffic_while_open:${b.id}:${Number(b.epoch)}`,
      detail: `${b.receiver} accepted ${through.length} message${through.length === 1 ? "" : "s"} on ${b.sender} → ${b.receiver} after its trip ` +
        `at ${new Date(since).toISOString()} while the server shows it OPEN (epoch ${Number(b.epoch)}): the breaker let traffic through`,
    });
  }
};
