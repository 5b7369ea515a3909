import { describe, expect, it } from "vitest";
import { agentElement, boundaryElement, edgeMarker, edgeWidth, toElements } from "../../../components/graph/to-elements.ts";
import type { TGraphAgent, TGraphBoundary } from "../../../lib/domain/graph.ts";

const NOW = Date.parse("2026-11-27T10:00:00.000Z");

function boundary(over: Partial<TGraphBoundary> = {}): TGraphBoundary {
  return {
    id: "bnd_1", sender: "a", receiver: "b", state: "CLOSED", epoch: 0, pendingReviewId: null, cooldownEndsAt: null,
    messageRate: 0, failedCount: 0, incidents: [], updatedAt: "2026-11-27T09:00:00.000Z", ...over,
  };
}

function agent(over: Partial<TGraphAgent> = {}): TGraphAgent {
  return {
    id: "a", name: "Price monitor", status: "active", incidentCount: 0, latestFanOut: 1, maxFanOut: 1, fanOutCap: 3,
    fanOutViolations: 0, chainDepthViolations: 0, ...over,
  };
}

const classes = (e: { classes: string }) => e.classes.split(" ");

describe("graph elements: boundaries", () => {
  it("colours an edge by its breaker state, and only a CLOSED edge with nothing pending counts as healthy", () => {
    expect(classes(boundaryElement(boundary(), NOW))).toEqual(["boundary", "closed"]);
    expect(classes(boundaryElement(boundary({ state: "OPEN" }), NOW))).toEqual(["boundary", "open", "unhealthy"]);
    expect(classes(boundaryElement(boundary({ state: "HALF_OPEN" }), NOW))).toEqual(["boundary", "half-open", "unhealthy"]);
  });

  it("gives gate-bypass and unreported-trip incidents their own look, on top of the state", () => {
    const e = boundaryElement(boundary({ state: "HALF_OPEN", incidents: ["gate_bypass", "unreported_trip"] }), NOW);
    expect(classes(e)).toEqual(expect.arrayContaining(["half-open", "incident", "gate-bypass", "unreported-trip", "unhealthy"]));
    expect(e.data.incidents).toBe("gate_bypass,unreported_trip");
    expect(classes(boundaryElement(boundary({ incidents: ["unreported_trip"] }), NOW))).toContain("unhealthy");
  });

  it("marks a pending review with the cooldown left, and drops the cooldown once it has passed", () => {
    const pending = boundary({ state: "OPEN", pendingReviewId: "rev_1", cooldownEndsAt: new Date(NOW + 245_000).toISOString() });
    const e = boundaryElement(pending, NOW);
    expect(classes(e)).toContain("pending");
    expect(e.data.label).toBe("review · 4m 05s");
    expect(e.data.pendingReviewId).toBe("rev_1");
    expect(edgeMarker({ ...pending, cooldownEndsAt: new Date(NOW - 1).toISOString() }, NOW)).toBe("review");
    expect(edgeMarker(boundary(), NOW)).toBe("");
  });

  it("marks an edge whose recent messages failed verification", () => {
    expect(classes(boundaryElement(boundary({ failedCount: 2 }), NOW))).toContain("failed");
    expect(boundaryElement(boundary({ failedCount: 2 }), NOW).data.failedCount).toBe(2);
  });

  it("widens busy edges on a logarithmic scale, from a thin idle edge to a capped maximum", () => {
    expect(edgeWidth(0)).toBe(1.5);
    expect(edgeWidth(Number.NaN)).toBe(1.5);
    expect(edgeWidth(1)).toBe(3);
    expect(edgeWidth(10)).toBeGreaterThan(edgeWidth(1));
    expect(edgeWidth(100)).toBeGreaterThan(edgeWidth(10));
    expect(edgeWidth(1e9)).toBe(9);
    expect(boundaryElement(boundary({ messageRate: 10 }), NOW).data.width).toBe(edgeWidth(10));
  });

  it("points each edge from sender to receiver", () => {
    expect(boundaryElement(boundary(), NOW).data).toMatchObject({ id: "bnd_1", source: "a", target: "b", state: "CLOSED" });
  });
});

describe("graph elements: agents", () => {
  it("labels an agent with its name and an incident badge", () => {
    const e = agentElement(agent({ incidentCount: 2 }));
    expect(e.data.label).toBe("Price monitor\n⚠ 2");
    expect(classes(e)).toEqual(["agent", "status-active", "has-incidents"]);
  });

  it("shows the peak fan-out against the cap, and chain-depth violations, only when over the cap", () => {
    expect(agentElement(agent()).data.label).toBe("Price monitor");
    const over = agentElement(agent({ latestFanOut: 5, maxFanOut: 5, chainDepthViolations: 2 }));
    expect(over.data.label).toBe("Price monitor\nfan-out 5/3 · depth ×2");
    expect(classes(over)).toContain("over-cap");
    expect(classes(agentElement(agent({ fanOutViolations: 1 })))).toContain("over-cap");
    expect(agentElement(agent({ latestFanOut: 1, maxFanOut: 4 })).data.label).toBe("Price monitor\nfan-out 4/3");
  });

  it("marks suspended and never-registered agents", () => {
    expect(classes(agentElement(agent({ status: "suspended" })))).toContain("status-suspended");
    expect(classes(agentElement(agent({ status: "unknown" })))).toContain("status-unknown");
  });
});

it("graph elements: nodes come before the edges that need them", () => {
  const els = toElements({ agents: [agent(), agent({ id: "b" })], boundaries: [boundary()] }, NOW);
  expect(els.map((e) => e.group)).toEqual(["nodes", "nodes", "edges"]);
});
