import Link from "next/link";
import type { TracedNode } from "@/lib/domain/views.ts";

/** A list of provenance nodes with their depth, kind, agent and what they are; each links to its own trace. */
export function LineageTable({ nodes, empty, label }: { nodes: TracedNode[]; empty: string; label: string }) {
  if (nodes.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr><th>Depth</th><th>Node</th><th>Kind</th><th>Agent</th><th>What</th></tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.id}>
            <td>{n.depth}</td>
            <td><Link href={`/provenance?id=${encodeURIComponent(n.id)}`}><code>{n.id}</code></Link></td>
            <td>{n.kind ?? "—"}</td>
            <td>{n.agentId ? <code>{n.agentId}</code> : "—"}</td>
            <td>{n.detail}{!n.hasParents && n.depth > 0 ? " · origin" : ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
