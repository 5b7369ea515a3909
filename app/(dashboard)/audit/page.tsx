import { Timestamp } from "@/components/layout/time-ago";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { lastCheckpoint } from "@/lib/server/audit/anchor-audit.ts";
import { findAuditEntries } from "@/lib/server/audit/find-audit-entries.ts";
import { verifyAuditChain } from "@/lib/server/audit/verify-audit.ts";

export const dynamic = "force-dynamic";

/** The append-only audit log, newest first, with the result of verifying its hash chain. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  await requirePageUser();
  const before = Number((await searchParams).before) || undefined;
  const [entries, verdict] = await Promise.all([findAuditEntries({ before, take: 100 }), verifyAuditChain()]);
  const last = entries.at(-1);
  const anchor = lastCheckpoint();
  return (
    <section>
      <h1>Audit log</h1>
      {verdict.ok ? (
        <p className="notice" data-testid="audit-verdict">Hash chain intact: {verdict.entries} entries chain from the start.</p>
      ) : (
        <p className="forbidden" role="alert" data-testid="audit-verdict">Chain broken at entry #{verdict.broken.seq} ({verdict.broken.kind}): {verdict.broken.detail}</p>
      )}
      <p data-testid="audit-anchor">
        {anchor
          ? <>Last anchored: entry #{anchor.seq} at <Timestamp value={anchor.at} /> (hash <code>{anchor.hash.slice(0, 16)}…</code>), signed by the control plane.</>
          : "Not anchored yet: the chain's head is signed and written outside the database every minute."}
      </p>
      <table className="table">
        <thead><tr><th>#</th><th>When</th><th>Actor</th><th>Action</th><th>Subject</th><th>Before → after</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td><Timestamp value={e.createdAt} /></td>
              <td><code>{e.actor}</code></td>
              <td>{e.action}</td>
              <td><code>{e.subject}</code></td>
              <td><code className="json">{e.before === null ? "" : JSON.stringify(e.before)}{e.before !== null && e.after !== null ? " → " : ""}{e.after === null ? "" : JSON.stringify(e.after)}</code></td>
            </tr>
          ))}
        </tbody>
      </table>
      {last && last.seq > 1 && <p><a href={`/audit?before=${last.seq}`}>Older entries</a></p>}
    </section>
  );
}
