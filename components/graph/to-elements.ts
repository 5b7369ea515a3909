import { cooldownLeftS, formatDuration, isOverCap, isUnhealthy, type TGraph, type TGraphAgent, type TGraphBoundary } from "@/lib/domain/graph.ts";

/** A cytoscape element as plain data: what the graph draws for an agent or a boundary. */
export type GraphElement = {
  group: "nodes" | "edges";
  data: Record<string, string | number | boolean | null> & { id: string };
  classes: string;
};

const MIN_WIDTH = 1.5;
const MAX_WIDTH = 9;

/** Edge width for a message rate (per minute): grows with the logarithm, so a busy edge stands out without hiding the rest. */
export function edgeWidth(ratePerMinute: number): number {
  if (!(ratePerMinute > 0)) return MIN_WIDTH;
  return Math.min(MAX_WIDTH, Math.round((MIN_WIDTH + 1.5 * Math.log2(1 + ratePerMinute)) * 10) / 10);
}

/** The marker drawn on an edge: review pending and / or cooldown left ("review · 4m 05s"). */
export function edgeMarker(b: Pick<TGraphBoundary, "pendingReviewId" | "cooldownEndsAt">, now: number | null): string {
  const left = cooldownLeftS(b.cooldownEndsAt, now);
  const parts = [b.pendingReviewId ? "review" : null, left !== null ? formatDuration(left) : null].filter(Boolean);
  return parts.join(" · ");
}

/** A node for an agent: its name, an incident badge, and its fan-out against the cap when it matters. */
export function agentElement(a: TGraphAgent): GraphElement {
  const overCap = isOverCap(a);
  const lines = [a.name];
  if (a.incidentCount > 0) lines.push(`⚠ ${a.incidentCount}`);
  const peak = Math.max(a.latestFanOut ?? 0, a.maxFanOut ?? 0);
  if (overCap) lines.push(`fan-out ${peak}/${a.fanOutCap}${a.chainDepthViolations ? ` · depth ×${a.chainDepthViolations}` : ""}`);
  const classes = ["agent", `status-${a.status}`, a.incidentCount > 0 ? "has-incidents" : "", overCap ? "over-cap" : ""];
  return {
    group: "nodes",
    data: {
      id: a.id, label: lines.join("\n"), name: a.name, status: a.status, incidentCount: a.incidentCount,
      latestFanOut: a.latestFanOut, fanOutCap: a.fanOutCap, chainDepthViolations: a.chainDepthViolations, overCap,
    },
    classes: classes.filter(Boolean).join(" "),
  };
}

/** An edge for a boundary: coloured by state, marked for incidents, pending review and failed messages. */
export function boundaryElement(b: TGraphBoundary, now: number | null): GraphElement {
  const classes = [
    "boundary",
    b.state.toLowerCase().replace("_", "-"),
    b.incidents.length ? "incident" : "",
    ...b.incidents.map((i) => i.replace("_", "-")),
    b.pendingReviewId ? "pending" : "",
    b.failedCount > 0 ? "failed" : "",
    isUnhealthy(b) ? "unhealthy" : "",
  ];
  return {
    group: "edges",
    data: {
      id: b.id, source: b.sender, target: b.receiver, state: b.state, epoch: b.epoch,
      width: edgeWidth(b.messageRate), rate: b.messageRate, failedCount: b.failedCount,
      pendingReviewId: b.pendingReviewId, incidents: b.incidents.join(","), label: edgeMarker(b, now),
    },
    classes: classes.filter(Boolean).join(" "),
  };
}

/** The whole graph as cytoscape elements: every agent, then every boundary. */
export function toElements(graph: Pick<TGraph, "agents" | "boundaries">, now: number | null): GraphElement[] {
  return [...graph.agents.map(agentElement), ...graph.boundaries.map((b) => boundaryElement(b, now))];
}
