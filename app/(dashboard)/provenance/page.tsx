import { Forbidden } from "@/components/layout/forbidden";
import { LineageGraph } from "@/components/provenance/lineage-graph";
import { ProvenanceLink } from "@/components/provenance/provenance-link";
import { TaintForm } from "@/components/provenance/taint-form";
import { DEFAULT_DEPTH, MAX_VIEW_DEPTH, parseProvenanceView, provenanceHref } from "@/lib/domain/provenance-url.ts";
import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { AppError } from "@/lib/server/errors.ts";
import { expandLineage } from "@/lib/server/provenance/expand-lineage.ts";
import { latestOutput } from "@/lib/server/provenance/latest-output.ts";
import { MAX_DEPTH } from "@/lib/server/provenance/trace-provenance.ts";
import { traceTaintAction } from "./actions";

export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

/**
 * The provenance explorer: a node's lineage graph (upstream to its origins, downstream `depth` hops), with
 * the selection and expanded nodes in the URL so a shared link reopens the same view; and taint tracing.
 */
export default async function ProvenancePage({ searchParams }: { searchParams: Promise<Search> }) {
  const { user, allowed } = await requirePageUser("provenance.explore");
  if (!allowed) return <Forbidden role={user.role} what="explore provenance" />;
  const params = await searchParams;
  const view = parseProvenanceView(params);
  let traced: Awaited<ReturnType<typeof expandLineage>> | null = null;
  let error: string | null = null;
  // An agent opens the graph of its newest output (/provenance?agent=…).
  const agent = typeof params.agent === "string" ? params.agent : null;
  if (!view && agent) {
    let latest: string | null = null;
    try {
      latest = await latestOutput({ agentId: agent });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      error = err.detail;
    }
    if (latest) redirect(provenanceHref({ id: latest })); // outside the try: redirect works by throwing
  }
  if (view) {
    try {
      traced = await expandLineage({ id: view.id, up: MAX_DEPTH, down: view.depth, expand: view.expand });
    } catch (err) {
      error = err instanceof AppError ? err.detail : "Could not trace that node.";
    }
  }
  const trace = traced?.trace;
  return (
    <>
      <section>
        <h1>Provenance</h1>
        <form className="row" method="get">
          <label>Message or record id <input name="id" defaultValue={view?.id ?? ""} size={40} required /></label>
          <label>Downstream depth <input name="depth" type="number" min={1} max={MAX_VIEW_DEPTH} defaultValue={view?.depth ?? DEFAULT_DEPTH} /></label>
          <button className="btn btn-primary">Trace</button>
        </form>
        {error && <p role="alert" className="form-error">{error}</p>}
      </section>
      {trace && traced && (
        <>
          <section aria-label="Origins">
            <h2>{trace.node.detail}</h2>
            <p className="muted">
              Produced by <code>{trace.node.agentId ?? "unknown"}</code>. Origins:{" "}
              {trace.origins.map((o) => <span key={o.id}><ProvenanceLink id={o.id} />{" "}</span>)}
              · {trace.downstream.length} nodes and {trace.affectedAgents.length} agents downstream within {trace.down} hops.
            </p>
          </section>
          <LineageGraph key={`${trace.node.id}:${view!.depth}`} root={trace.node.id} depth={view!.depth} initial={traced.lineage} />
        </>
      )}
      <section>
        <h2>Taint an agent&apos;s output</h2>
        <p className="muted">Everything the agent produced in the window is treated as corrupted; every record, message and agent downstream is listed.</p>
        <TaintForm action={traceTaintAction} />
      </section>
    </>
  );
}
