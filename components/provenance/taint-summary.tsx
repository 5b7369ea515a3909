import type { TaintReport } from "@/lib/server/provenance/trace-taint.ts";
import { ProvenanceLink } from "./provenance-link";

/** What a taint was traced from: a node, or an agent's output in a window (ISO times); the depth walked. */
import type { TaintQuery } from "@/lib/domain/views.ts";

export type { TaintQuery };

/** The export URL of a taint's results: the same trace, as a CSV or JSON download. */
export function taintExportHref(query: TaintQuery, format: "csv" | "json"): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") q.set(k, String(v));
  q.set("format", format);
  return `/api/v1/provenance/taint?${q.toString()}`;
}

/** A taint's results: counts, the reached records and messages as provenance links, and the exports. */
export function TaintSummary({ report, query, drawn }: { report: TaintReport; query: TaintQuery; drawn?: number }) {
  const reached = [...report.records.map((r) => ({ ...r, kind: "record" })), ...report.messages.map((m) => ({ ...m, kind: "message" }))];
  return (
    <div className="notice" data-testid="taint-report">
      <p>
        {report.seeds} tainted node(s) reached <strong>{report.records.length}</strong> memory record(s),{" "}
        <strong>{report.messages.length}</strong> message(s) and {report.agents.length} agent(s)
        {report.agents.length ? `: ${report.agents.join(", ")}` : ""}.
        {drawn !== undefined && <> {drawn} of them are on the graph, in red.</>}
      </p>
      <p className="row">
        Download: <a href={taintExportHref(query, "csv")} download>CSV</a> <a href={taintExportHref(query, "json")} download>JSON</a>
      </p>
      {reached.length > 0 && (
        <ul aria-label="Reached records and messages">
          {reached.slice(0, 50).map((r) => (
            <li key={r.id}><ProvenanceLink id={r.id} /> <span className="muted">{r.kind} by {r.agentId ?? "unknown"}, depth {r.depth}</span></li>
          ))}
          {reached.length > 50 && <li className="muted">…and {reached.length - 50} more in the downloads.</li>}
        </ul>
      )}
    </div>
  );
}
