import "server-only";
import { findDownstreamAgents } from "../boundaries/find-downstream-agents.ts";
import type { Tx } from "../db/tx.ts";
import type { Evidence, TripEvidence } from "../reviews/evidence.ts";
import { findProvenanceRoots } from "../provenance/find-roots.ts";

export type GatherOptions = {
  boundary: { sender: string; receiver: string };
  /** Rejected messages after this time are the ones that caused the trip (the previous trip or close). */
  since: Date | null;
  trip: TripEvidence | null;
  forcedBy?: Evidence["forcedBy"];
  maxChainDepth: number;
  flapping: boolean;
};

const MAX_MESSAGES = 50;

/** Collects a trip's evidence (see docs/breaker-mirror.md) inside the caller's transaction. */
export async function gatherEvidence(tx: Tx, opts: GatherOptions): Promise<Evidence> {
  const { sender, receiver } = opts.boundary;
  const rejected = await tx.messageValidation.findMany({
    where: { sender, receiver, outcome: "rejected", ...(opts.since ? { time: { gt: opts.since } } : {}) },
    orderBy: { time: "desc" },
    take: MAX_MESSAGES,
    select: { messageId: true, reasons: true, anomalyScore: true, time: true },
  });
  // One after the other: queries inside one transaction share its connection.
  const provenanceRoots = await findProvenanceRoots(tx, [...new Set(rejected.map((m) => m.messageId))]);
  const blastRadius = await findDownstreamAgents(tx, sender, opts.maxChainDepth);
  return {
    trip: opts.trip,
    ...(opts.forcedBy ? { forcedBy: opts.forcedBy } : {}),
    rejectedMessages: rejected.map((m) => ({
      messageId: m.messageId, reasons: JSON.parse(m.reasons), anomalyScore: m.anomalyScore, time: m.time.toISOString(),
    })),
    anomalyRate: opts.trip?.anomalyRate ?? 0,
    provenanceRoots,
    blastRadius,
    flapping: opts.flapping,
  };
}
