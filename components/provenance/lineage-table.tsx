import { Timestamp } from "@/components/layout/time-ago";
import type { TLineageNode } from "@/lib/domain/lineage.ts";
import { ProvenanceLink } from "./provenance-link";

type Props = { nodes: TLineageNode[]; empty: string; label: string; tainted?: ReadonlySet<string> | null; onSelect?: (id: string) => void };

/**
 * Lineage nodes as a table (the graph's accessible twin): depth, id, kind, author, time and what each is;
 * with `onSelect`, each row can select its node on the graph (the keyboard's way to the node panel).
 */
export function LineageTable({ nodes, empty, label, tainted, onSelect }: Props) {
  if (nodes.length === 0) return <p className="empty">{empty}</p>;
  return (
    <div className="table-scroll">
      <table className="table cards" aria-label={label}>
        <thead>
          <tr><th>Depth</th><th>Node</th><th>Kind</th><th>Author</th><th>Time</th><th>What</th>{onSelect && <th><span className="sr-only">Select</span></th>}</tr>
        </thead>
        <tbody>
          {nodes.map((n) => (
            <tr key={n.id} className={tainted?.has(n.id) ? "tainted" : undefined}>
              <td data-label="Depth">{n.depth}</td>
              <td data-label="Node"><ProvenanceLink id={n.id} /></td>
              <td data-label="Kind">{n.kind ?? "—"}</td>
              <td data-label="Author">{n.agentId ? <code>{n.agentId}</code> : "—"}</td>
              <td data-label="Time">{n.time ? <Timestamp value={n.time} /> : "—"}</td>
              <td data-label="What">
                {n.detail}{n.parents === 0 && n.depth > 0 ? " · origin" : ""}{tainted?.has(n.id) ? " · tainted" : ""}
              </td>
              {onSelect && (
                <td data-label="">
                  <button type="button" className="btn btn-small" aria-label={`Select ${n.id} on the graph`} onClick={() => onSelect(n.id)}>Select</button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
