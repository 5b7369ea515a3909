import { Timestamp } from "@/components/layout/time-ago";
import type { AuditEntryView } from "@/lib/server/audit/find-audit-entries.ts";
import { RefLink } from "./ref-link";
import { ValueChanges } from "./value-changes";

/** Audit entries as a table (cards on a phone): who did what to what, and what changed. */
export function AuditTable({ entries }: { entries: AuditEntryView[] }) {
  return (
    <div className="table-scroll">
      <table className="table cards" aria-label="Audit entries">
        <thead><tr><th>#</th><th>When</th><th>Actor</th><th>Action</th><th>Subject</th><th>What changed</th></tr></thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid={`audit-${e.seq}`}>
              <td data-label="#">{e.seq}</td>
              <td data-label="When"><Timestamp value={e.createdAt} /></td>
              <td data-label="Actor"><RefLink name={e.actorName} raw={e.actor} /></td>
              <td data-label="Action"><code>{e.action}</code></td>
              <td data-label="Subject"><RefLink name={e.subjectName} raw={e.subject} /></td>
              <td data-label="What changed"><ValueChanges before={e.before} after={e.after} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
