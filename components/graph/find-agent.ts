import type { TGraphAgent } from "@/lib/domain/graph.ts";

/** The agent a search text names: an exact id or name first, then the first id or name containing it; null when none. */
export function findAgent(agents: Pick<TGraphAgent, "id" | "name">[], text: string): string | null {
  const q = text.trim().toLowerCase();
  if (!q) return null;
  const exact = agents.find((a) => a.id.toLowerCase() === q || a.name.toLowerCase() === q);
  if (exact) return exact.id;
  return agents.find((a) => a.id.toLowerCase().includes(q) || a.name.toLowerCase().includes(q))?.id ?? null;
}
