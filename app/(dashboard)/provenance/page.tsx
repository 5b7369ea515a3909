import { Forbidden } from "@/components/layout/forbidden";
import { LineageTable } from "@/components/provenance/lineage-table";
import { TaintForm } from "@/components/provenance/taint-form";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { AppError } from "@/lib/server/errors.ts";
import { traceProvenance, type Trace } from "@/lib/server/provenance/trace-provenance.ts";
import { traceTaintAction } from "./actions";

export const dynamic = "force-dynamic";

/** The provenance explorer: trace a message or record to its origins and find everything it corrupted. */
export default async function ProvenancePage({ searchParams }: { searchParams: Promise<{ id?: string; depth?: string }> }) {
  const { user, allowed } = await requirePageUser("provenance.explore");
  if (!allowed) return <Forbidden role={user.role} what="explore provenance" />;
  const { id, depth } = await searchParams;
  let trace: Trace | null = null;
  let error: string | null = null;
  if (id) {
    try {
      trace = await traceProvenance({ id, depth: Number(depth ?? 5) || 5 });
    } catch (err) {
      error = err instanceof AppError ? err.detail : "Could not trace that node.";
    }
  }
  return (
    <>
      <section>
        <h1>Provenance</h1>
        <form className="row" method="get">
          <label>Message or record id <input name="id" defaultValue={id ?? ""} size={40} required /></label>
          <label>Depth <input name="depth" type="number" min={1} max={20} defaultValue={depth ?? 5} /></label>
          <button className="btn btn-primary">Trace</button>
        </form>
        {error && <p role="alert" className="form-error">{error}</p>}
      </section>
      {trace && (
        <>
          <section aria-label="Origins">
            <h2>{trace.node.detail}</h2>
            <p className="muted">
              Produced by <code>{trace.node.agentId}</code>. Origins:{" "}
              {trace.origins.map((o) => <code key={o.id}>{o.id} </code>)}
            </p>
            <h2>Upstream — what it was derived from</h2>
            <LineageTable nodes={trace.upstream} empty="Nothing upstream: this node is an origin." label="Upstream" />
          </section>
          <section>
            <h2>Downstream — its blast radius ({trace.downstream.length} nodes, {trace.affectedAgents.length} agents)</h2>
            <LineageTable nodes={trace.downstream} empty="Nothing was derived from it." label="Downstream" />
          </section>
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
