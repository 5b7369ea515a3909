// What the pages and the people's JSON API show (docs/architecture.md#people-api): plain shapes that
// lib/server fills from the database and components render. Types only, so a client component can import
// them without pulling server code into the browser bundle.

/** A boundary as lists show it, with its mirrored state and pending review. */
export type BoundaryView = {
  id: string;
  sender: string;
  receiver: string;
  state: string;
  epoch: number;
  pendingReviewId: string | null;
  trippedAt: string | null;
  cooldownEndsAt: string | null;
  updatedAt: string;
};

/** What the graph's side panel shows for one boundary. */
export type BoundarySummary = {
  id: string;
  sender: string;
  receiver: string;
  state: string;
  epoch: number;
  failureCount: number;
  anomalyRate: number;
  trippedAt: string | null;
  cooldownEndsAt: string | null;
  updatedAt: string;
  messages: { total: number; rejected: number; sinceMinutes: number };
  pendingReview: { id: string; cooldownEndsAt: string; requiredApprovals: number } | null;
  transitions: { seq: number; from: string; to: string; reason: string; applied: boolean; time: string }[];
  incidents: { id: string; type: string; detail: string; createdAt: string }[];
};

/** What the graph's side panel shows for one agent. */
export type AgentSummary = {
  id: string;
  name: string;
  status: string;
  keys: { kid: string; createdAt: string; revokedAt: string | null }[];
  caps: { maxDownstreamPerMessage: number; maxChainDepth: number };
  /** counts: violations per rule, a coalesced report counted as the refusals it stands for (violationTotal). */
  violations: { counts: Record<string, number>; latest: { rule: string; detail: string; count: number | null; time: string }[] };
  boundaries: { id: string; sender: string; receiver: string; state: string }[];
};

/** One row of the agents page: an agent with its keys. */
export type AgentListing = {
  id: string;
  name: string;
  status: string;
  /** The policy version the agent last fetched, and when (null: never). */
  policyVersion: number | null;
  policyAckAt: Date | null;
  createdAt: Date;
  keys: { kid: string; createdAt: Date; revokedAt: Date | null }[];
};

/** One stored policy version, without its document. */
export type PolicyVersionMeta = { version: number; createdBy: string; createdAt: string };

/** An incident, with the boundary it concerns when there is one. */
export type IncidentView = {
  id: string; type: string; boundaryId: string | null; sender: string | null; receiver: string | null; createdAt: string; detail: string;
  status: string; statusComment: string | null; statusChangedAt: string | null;
  /** Who last changed the status, by name and email (null while it is open). */
  statusChangedBy: string | null;
};

/** One page of the incidents list. */
export type IncidentsPage = { incidents: IncidentView[]; nextCursor: string | null };

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

/** A review as people and their tools see it. */
export type ReviewView = {
  id: string;
  boundaryId: string;
  sender: string;
  receiver: string;
  epoch: number;
  kind: string;
  status: string;
  createdAt: string;
  decidedAt: string | null;
  cooldownEndsAt: string;
  requiredApprovals: number;
  approvals: { userId: string; email: string | null; name: string | null; decision: string; comment: string; createdAt: string }[];
  grant: { approvalId: string; notBefore: string; expiresAt: string; usedAt: string | null } | null;
  evidence?: Evidence;
};

/** One entry of a boundary's timeline, newest first. */
export type TimelineEntry =
  | { kind: "transition"; at: string; seq: number; from: string; to: string; reason: string; applied: boolean; approvalId: string | null }
  | { kind: "validation"; at: string; messageId: string; outcome: string; anomalyScore: number; reasons: string[] }
  | { kind: "review"; at: string; review: ReviewView }
  | { kind: "incident"; at: string; incident: IncidentView };

/** A boundary and what happened to it. */
export type BoundaryTimeline = {
  boundary: { id: string; sender: string; receiver: string; state: string; epoch: number; trippedAt: string | null; cooldownEndsAt: string | null; updatedAt: string };
  entries: TimelineEntry[];
};

/** A message or memory record reached by a provenance walk, `depth` steps away (kind null: never reported). */
export type LineageNode = { id: string; depth: number; kind: string | null; agentId: string | null; createdAt: Date | null };


/** What marking an agent's output as tainted reached. */
export type TaintReport = {
  seeds: number;
  records: { id: string; agentId: string | null; depth: number }[];
  messages: { id: string; agentId: string | null; depth: number }[];
  agents: string[];
};

/** The taint form's state: nothing yet, the report, or why it failed. */
/** What a taint trace was asked for (the form's fields), kept beside its results for the export links. */
export type TaintQuery = { nodeId?: string; agentId?: string; from?: string; to?: string; depth?: number };

export type TaintState = { ok: true; data: TaintReport; query: TaintQuery } | { ok: false; error: string } | null;
