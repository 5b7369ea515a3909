"use client";

import { useState } from "react";
import type { TGraphAgent } from "@/lib/domain/graph.ts";

/** The "only this agent's boundaries" field: free typing, applied once the text names an agent exactly. */
export function AgentFilterInput({ agents, agent, onAgent }: { agents: TGraphAgent[]; agent: string | null; onAgent: (id: string | null) => void }) {
  const [text, setText] = useState(agent ?? "");
  const [prev, setPrev] = useState(agent);
  const isAgent = (v: string) => agents.some((a) => a.id === v);
  if (agent !== prev) {
    // Set from elsewhere (a panel's button, "Show all"): show it, but never wipe what the person is typing.
    setPrev(agent);
    if (agent !== null || isAgent(text)) setText(agent ?? "");
  }
  return (
    <label className="tool-group inline">
      Agent
      <input aria-label="Only the boundaries of agent" placeholder="any" list="graph-agents" value={text} size={14}
        onChange={(e) => {
          setText(e.target.value);
          const match = isAgent(e.target.value) ? e.target.value : null;
          if (match !== agent) onAgent(match);
        }} />
    </label>
  );
}
