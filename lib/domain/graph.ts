/** What the live graph shows (GET /api/v1/graph): agents, boundaries between them, and the fan-out overlay. */

/** A breaker state as mirrored by the server. */
export type TBreakerState = "CLOSED" | "HALF_OPEN" | "OPEN";

/** An incident kind the graph draws on an edge. */
export type TEdgeIncident = "gate_bypass" | "unreported_trip";

/** An agent as a node: who it is, how it is doing, and its fan-out against the cap. */
export type TGraphAgent = {
  id: string;
  name: string;
  /** active | suspended | unknown (seen in messages but never registered) */
  status: string;
  /** Incidents raised on boundaries this agent reports for (it is the receiver), within the look-back. */
  incidentCount: number;
  /** Fan-out of the newest message it sent within the look-back, or null when it sent none. */
  latestFanOut: number | null;
  /** The largest fan-out it used within the look-back, or null. */
  maxFanOut: number | null;
  /** The effective max_downstream_per_message for this agent. */
  fanOutCap: number;
  /** fan_out violations it reported within the look-back. */
  fanOutViolations: number;
  /** chain_depth violations it reported within the look-back. */
  chainDepthViolations: number;
};

/** A boundary (sender → receiver) as an edge. */
export type TGraphBoundary = {
  id: string;
  sender: string;
  receiver: string;
  state: TBreakerState;
  epoch: number;
  pendingReviewId: string | null;
  /** ISO time the cooldown ends (only while a review is pending or the breaker is OPEN), else null. */
  cooldownEndsAt: string | null;
  /** Validated messages per minute over the recent window. */
  messageRate: number;
  /** Rejected (failed verification or validation) messages within the recent window. */
  failedCount: number;
  incidents: TEdgeIncident[];
  updatedAt: string;
};

/** The whole graph with the windows its figures were computed over. */
export type TGraph = {
  agents: TGraphAgent[];
  boundaries: TGraphBoundary[];
  windows: { rateMinutes: number; lookbackHours: number };
  generatedAt: string;
};

/** Whether a boundary needs a person's eye: not CLOSED, a pending review, or a gate-bypass / unreported-trip incident. */
export function isUnhealthy(b: Pick<TGraphBoundary, "state" | "pendingReviewId" | "incidents">): boolean {
  return b.state !== "CLOSED" || b.pendingReviewId !== null || b.incidents.length > 0;
}

/** Whether an agent's fan-out is at or over its cap, or it reported fan-out / chain-depth violations. */
export function isOverCap(a: Pick<TGraphAgent, "latestFanOut" | "maxFanOut" | "fanOutCap" | "fanOutViolations" | "chainDepthViolations">): boolean {
  const peak = Math.max(a.latestFanOut ?? 0, a.maxFanOut ?? 0);
  return peak > a.fanOutCap || a.fanOutViolations > 0 || a.chainDepthViolations > 0;
}

/** Unhealthy boundaries, the worst first (OPEN, then HALF_OPEN, then the rest), then by sender and receiver. */
export function unhealthyBoundaries(boundaries: TGraphBoundary[]): TGraphBoundary[] {
  const rank: Record<TBreakerState, number> = { OPEN: 0, HALF_OPEN: 1, CLOSED: 2 };
  return boundaries
    .filter(isUnhealthy)
    .sort((x, y) => rank[x.state] - rank[y.state] || x.sender.localeCompare(y.sender) || x.receiver.localeCompare(y.receiver));
}

/** Seconds of cooldown left at `now`, or null when there is none (or the page has no clock yet: `now` null). */
export function cooldownLeftS(cooldownEndsAt: string | null, now: number | null): number | null {
  if (!cooldownEndsAt || now === null) return null;
  const left = Math.ceil((Date.parse(cooldownEndsAt) - now) / 1000);
  return left > 0 ? left : null;
}

/** "4m 05s" / "42s": a short duration for the cooldown marker. */
export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${String(s).padStart(2, "0")}s` : `${s}s`;
}
