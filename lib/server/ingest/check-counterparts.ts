import "server-only";
import { paramList, selectRows } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import type { CheckOutcome } from "./check-event.ts";

// Types whose data names the other side of a boundary: the sender, which must be a registered agent.
const NAMES_SENDER = new Set(["firebreak.message.validated", "firebreak.breaker.transition"]);

/**
 * Refuses, one by one, the events naming as their sender an agent the registry does not know
 * (unknown_counterpart): otherwise one agent could make up senders and open a boundary and a review for each.
 */
export async function refuseUnknownCounterparts(tx: Tx, outcomes: CheckOutcome[]): Promise<CheckOutcome[]> {
  const senderOf = (o: CheckOutcome) => (o.ok && NAMES_SENDER.has(o.event.type) && "sender" in o.event.data ? o.event.data.sender : null);
  const named = [...new Set(outcomes.flatMap((o) => senderOf(o) ?? []))];
  if (named.length === 0) return outcomes;
  // A batch holds at most 500 events, so at most 500 names: one query within every driver's parameter limit.
  // Raw SQL: this runs for every ingest batch, and a batch of trips names a sender per trip, where Prisma's
  // query layer costs more than the query.
  const rows = await selectRows<{ id: string }>(tx, `SELECT "id" FROM "Agent" WHERE "id" IN (${paramList(named.length)})`, named);
  const known = new Set(rows.map((a) => a.id));
  return outcomes.map((o) => {
    const sender = senderOf(o);
    if (sender === null || known.has(sender) || !o.ok) return o;
    return { ok: false, id: o.event.id, error: { code: "unknown_counterpart", detail: `sender ${sender} is not a registered agent: register it before reporting on its boundary` } };
  });
}
