import { Timestamp } from "@/components/layout/time-ago";
import { AuditTable } from "@/components/audit/audit-table";
import { FilterForm } from "@/components/lists/filter-form";
import { ExportLinks, Pager } from "@/components/lists/pager";
import { ZAuditQuery } from "@/lib/domain/audit-query.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { lastCheckpoint } from "@/lib/server/audit/anchor-audit.ts";
import { findAuditEntries } from "@/lib/server/audit/find-audit-entries.ts";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit.ts";
import { readList } from "@/lib/server/http/list-params.ts";

export const dynamic = "force-dynamic";

const ACTIONS = ["agent", "boundary", "directive", "incident", "policy", "provenance", "review", "user", "webhook"];

/** The append-only audit log: filters in the address, newest first, cursor paging, export; the chain's verdict. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser();
  const [{ raw, page, problems }, verdict] = await Promise.all([readList(await searchParams, ZAuditQuery, findAuditEntries), verifyAuditChain({ fromMark: true })]);
  const { cursor, format: _format, ...filters } = raw;
  const anchor = lastCheckpoint();
  return (
    <section>
      <h1>Audit log</h1>
      {verdict.ok ? (
        <p className="notice" data-testid="audit-verdict">Hash chain intact: {verdict.entries} entries chain from the start.</p>
      ) : (
        <p className="forbidden" role="alert" data-testid="audit-verdict">Chain broken at entry #{verdict.broken.seq} ({verdict.broken.kind}): {verdict.broken.detail}</p>
      )}
      {verdict.pending.count > 0 && (
        <p data-testid="audit-pending">
          {verdict.pending.count} more {verdict.pending.count === 1 ? "entry is" : "entries are"} committed and waiting to be chained (usually well under a second)
          {verdict.pending.oldest && <>, the oldest from <Timestamp value={verdict.pending.oldest.toISOString()} /></>}.
        </p>
      )}
      <p data-testid="audit-anchor">
        {anchor
          ? <>Last anchored: entry #{anchor.seq} at <Timestamp value={anchor.at} /> (hash <code>{anchor.hash.slice(0, 16)}…</code>), signed by the control plane.</>
          : "Not anchored yet: the chain's head is signed and written outside the database every minute."}
      </p>
      <FilterForm
        path="/audit"
        label="Filter audit entries"
        values={filters}
        fields={[
          { name: "q", label: "Search", kind: "text", placeholder: "any actor, action or subject" },
          { name: "actor", label: "Actor", kind: "text", placeholder: "email, agent:id or firebreak" },
          { name: "action", label: "Action", kind: "text", placeholder: "review or review.approve", suggestions: ACTIONS },
          { name: "subject", label: "Subject", kind: "text", placeholder: "boundary:id, review:id, …" },
        ]}
      />
      {problems.length > 0 && <ul role="alert" className="form-error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <ExportLinks api="/api/v1/audit" filters={filters} what="audit entries" />
      {page && page.entries.length > 0 ? <AuditTable entries={page.entries} /> : <p className="empty">No audit entries match.</p>}
      <Pager path="/audit" filters={filters} cursor={cursor} nextCursor={page?.nextCursor ?? null} older="Older entries" />
    </section>
  );
}
