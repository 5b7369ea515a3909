import { findDownstreamAgents, type DownstreamAgent } from "../boundaries/find-downstream-agents.ts";
import type { Tx } from "../db/tx.ts";
import { findProvenanceRoots, type ProvenanceRoot } from "../provenance/find-roots.ts";

/** The trip event as a review shows it (null for a person's force-open). */
export type TripEvidence = {
  eventSeq: number;
  seq: number;
  from: string;
  to: string;
  reason: string;
  failureCount: number;
  anomalyRate: number;
  time: string;
};

/** What a reviewer sees to decide: why it tripped, what caused it, where it came from, who it could reach. */
export type Evidence = {
  trip: TripEvidence | null;
  forcedBy?: { actor: string; reason: string };
  rejectedMessages: { messageId: string; reasons: string[]; anomalyScore: number; time: string }[];
  anomalyRate: number;
  provenanceRoots: ProvenanceRoot[];
  blastRadius: DownstreamAgent[];
  flapping: boolean;
};

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

/** Collects a trip's evidence (docs/architecture.md#breaker) inside the caller's transaction. */
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
