import "server-only";
import type { TWebhookKind } from "../../domain/webhooks.ts";
import { appendAudits, type AuditInput } from "../audit/append-audit.ts";
import type { BusMessage } from "../bus.ts";
import { dbProvider } from "../db/client.ts";
import { insertRows, paramList, runSql } from "../db/sql.ts";
import type { Tx } from "../db/tx.ts";
import { newId } from "../ids.ts";
import type { Evidence } from "../reviews/evidence.ts";
import { emitWebhookEvents } from "../webhooks/emit-webhook-event.ts";
import type { SetBoundary } from "./transition-set-state.ts";

type Value = string | number | boolean | Date | null;

/** A review queued by a trip of the set; its evidence is gathered for all of them at once, before it is written. */
export type NewReview = {
  id: string; boundaryId: string; epoch: number; kind: "trip"; status: string; version: number; requiredApprovals: number;
  cooldownEndsAt: Date; createdAt: Date; evidence?: Evidence;
};

type Webhook = { kind: TWebhookKind; at: Date; data: () => Record<string, unknown> };

/**
 * What a set of transitions writes, noted in the order the one-by-one projection would have written it and
 * then written with one multi-row statement per table: transitions, incidents, reviews, voided reviews,
 * boundaries, webhook events, audit entries (in the order noted: the chain follows it).
 */
export class TransitionSetWrites {
  readonly transitions: Value[][] = [];
  readonly incidents: Value[][] = [];
  readonly reviews: NewReview[] = [];
  readonly voided: string[] = [];
  readonly audits: AuditInput[] = [];
  readonly webhooks: Webhook[] = [];

  constructor(private readonly changes: BusMessage[]) {}

  /** An incident with its audit entry, webhook and live-stream note, as raiseIncident records one. */
  incident(type: string, boundaryId: string, detail: string): void {
    const id = newId("inc");
    const at = new Date();
    this.incidents.push([id, type, boundaryId, detail, at]);
    this.audits.push({ actor: "firebreak", action: `incident.${type}`, subject: `boundary:${boundaryId}`, after: { incidentId: id, detail } });
    this.webhooks.push({ kind: "incident.opened", at, data: () => ({ incidentId: id, type, boundaryId, detail }) });
    this.changes.push({ type: "incident.created", incidentId: id, boundaryId });
  }

  /** A webhook event about a boundary: its sender and receiver added, as emitBoundaryEvent does. */
  boundaryEvent(kind: TWebhookKind, b: SetBoundary, data: () => { boundaryId: string } & Record<string, unknown>): void {
    this.webhooks.push({ kind, at: new Date(), data: () => ({ ...data(), sender: b.sender, receiver: b.receiver }) });
  }

  /** Writes it all in the caller's transaction; `moved` are the boundaries to write back. */
  async flush(tx: Tx, moved: SetBoundary[]): Promise<void> {
    await insertRows(tx, "BreakerTransition",
      ["eventSeq", "boundaryId", "seq", "fromState", "toState", "reason", "failureCount", "anomalyRate", "approvalId", "applied", "time"], this.transitions);
    await insertRows(tx, "Incident", ["id", "type", "boundaryId", "detail", "createdAt"], this.incidents);
    await insertRows(tx, "Review",
      ["id", "boundaryId", "epoch", "kind", "status", "version", "requiredApprovals", "evidence", "cooldownEndsAt", "createdAt"],
      this.reviews.map((r) => [r.id, r.boundaryId, r.epoch, r.kind, r.status, r.version, r.requiredApprovals, JSON.stringify(r.evidence), r.cooldownEndsAt, r.createdAt]));
    if (this.voided.length) {
      await runSql(tx, `UPDATE "Review" SET "status" = 'void', "version" = "version" + 1 WHERE "id" IN (${paramList(this.voided.length)})`, this.voided);
    }
    await writeBoundaries(tx, moved);
    await emitWebhookEvents(tx, this.webhooks.map((w) => ({ kind: w.kind, at: w.at, data: w.data() })));
    await appendAudits(tx, this.audits);
  }
}

const BOUNDARY_COLUMNS: [string, string][] = [
  ["id", "text"], ["state", "text"], ["epoch", "bigint"], ["lastSeq", "bigint"], ["failureCount", "bigint"], ["anomalyRate", "float8"],
  ["trippedAt", "timestamp(3)"], ["cooldownEndsAt", "timestamp(3)"], ["updatedAt", "timestamp(3)"], ["awaitingForceAck", "boolean"],
];

// One UPDATE … FROM a list of rows for every moved boundary. An applied transition starts a new stretch: what
// the unreported-trip replay suspected before is moot (project-unreported-trips.ts).
async function writeBoundaries(tx: Tx, moved: SetBoundary[]): Promise<void> {
  if (moved.length === 0) return;
  const pg = dbProvider() === "postgresql";
  let n = 0;
  // PostgreSQL types the rows' parameters by these casts; SQLite's columns take what they are given.
  const row = () => `(${BOUNDARY_COLUMNS.map(([, type]) => (pg ? `$${++n}::${type}` : (++n, "?"))).join(",")})`;
  const rows = moved.map(row).join(",");
  const names = BOUNDARY_COLUMNS.map(([c]) => `"${c}"`).join(",");
  const set = BOUNDARY_COLUMNS.slice(1).map(([c]) => `"${c}" = v."${c}"`).join(", ");
  await runSql(tx,
    `WITH v(${names}) AS (VALUES ${rows}) UPDATE "Boundary" SET ${set}, "suspectedTripAt" = NULL, "suspectedTripDetail" = NULL ` +
      `FROM v WHERE "Boundary"."id" = v."id"`,
    moved.flatMap((b) => [b.id, b.state, b.epoch, b.lastSeq, b.failureCount, b.anomalyRate, b.trippedAt, b.cooldownEndsAt, b.updatedAt, b.awaitingForceAck]));
}
