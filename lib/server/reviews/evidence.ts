// What a review holds as evidence: written by the breaker mirror when a boundary trips (breakers/gather-evidence.ts),
// read by the review pages. Plain data, so reviews/ depends on nothing that produces it.

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
  /** The origins of those messages (kind null: a parent never reported as a node). */
  provenanceRoots: { id: string; kind: string | null; agentId: string | null }[];
  /** The agents downstream of the sender, nearest first. */
  blastRadius: { agentId: string; depth: number }[];
  flapping: boolean;
};
