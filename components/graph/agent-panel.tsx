"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCan } from "@/components/auth/use-can";
import type { TGraphAgent } from "@/lib/domain/graph.ts";
import type { AgentSummary } from "@/lib/domain/views.ts";
import { Timestamp } from "@/components/layout/time-ago";
import { fetchJson } from "@/components/live/fetch-json";
import type { Selection } from "./graph-canvas";
import { graphKeys } from "@/components/live/query-keys";

type Props = { id: string; overlay: TGraphAgent | undefined; poll: number | false; onSelect: (s: Selection) => void; onOnlyThis: (id: string) => void };

/** One agent beside the graph: keys, fan-out against the cap, violations, and its boundaries. */
export function AgentPanel({ id, overlay, poll, onSelect, onOnlyThis }: Props) {
  const canExplore = useCan("provenance.explore");
  const { data, error } = useQuery({
    queryKey: graphKeys.agent(id),
    queryFn: ({ signal }) => fetchJson<{ agent: AgentSummary }>(`/api/v1/graph/agents/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: poll,
  });
  if (error) return <p className="form-error" role="alert">Could not load the agent: {error.message}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  const a = data.agent;
  const fanOut = overlay?.latestFanOut ?? null;
  return (
    <>
      <h2 id="panel-title">{a.name}</h2>
      <dl className="pairs">
        <dt>Id</dt><dd><code>{a.id}</code></dd>
        <dt>Status</dt><dd><span className={`pill pill-${a.status}`}>{a.status}</span></dd>
        <dt>Fan-out</dt>
        <dd data-testid="panel-fan-out">
          {fanOut === null ? "no messages lately" : `latest ${fanOut}, peak ${overlay?.maxFanOut ?? fanOut}`} · cap {a.caps.maxDownstreamPerMessage}
          {fanOut !== null && fanOut > a.caps.maxDownstreamPerMessage && <span className="tag tag-incident">over cap</span>}
        </dd>
        <dt>Chain depth</dt><dd>cap {a.caps.maxChainDepth} · {a.violations.counts.chain_depth ?? 0} violations</dd>
        <dt>Incidents</dt><dd>{overlay?.incidentCount ?? 0} on boundaries it reports for</dd>
      </dl>
      <div className="row actions">
        <button type="button" className="btn btn-small" onClick={() => onOnlyThis(a.id)}>Only this agent&apos;s boundaries</button>
        {canExplore && <Link href={`/provenance?agent=${encodeURIComponent(a.id)}`}>Provenance of its latest output</Link>}
      </div>
      <h3>Keys</h3>
      {a.keys.length === 0 ? <p className="muted">Not registered: seen only in other agents&apos; reports.</p> : (
        <ul className="compact">
          {a.keys.map((k) => (
            <li key={k.kid} className={k.revokedAt ? "revoked" : undefined}><code title={k.kid}>{k.kid.slice(0, 12)}…</code> {k.revokedAt ? "revoked" : "active"} since <Timestamp value={k.createdAt} /></li>
          ))}
        </ul>
      )}
      <h3>Violations</h3>
      {a.violations.latest.length === 0 ? <p className="muted">None reported.</p> : (
        <ul className="compact">
          {a.violations.latest.map((v, i) => <li key={i}><span className="tag">{v.rule}</span> {v.detail} <span className="muted"><Timestamp value={v.time} /></span></li>)}
        </ul>
      )}
      <h3>Boundaries ({a.boundaries.length})</h3>
      <ul className="compact">
        {a.boundaries.slice(0, 50).map((b) => (
          <li key={b.id}>
            <button type="button" className="linklike" onClick={() => onSelect({ kind: "boundary", id: b.id })}>{b.sender} → {b.receiver}</button>{" "}
            <span className={`pill pill-${b.state}`}>{b.state}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
