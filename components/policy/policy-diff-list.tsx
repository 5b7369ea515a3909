import type { TPolicyChange } from "@/lib/domain/policy-diff.ts";

const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

/** A policy diff as a table: setting, before, after. */
export function PolicyDiffList({ changes, testId }: { changes: TPolicyChange[]; testId?: string }) {
  if (changes.length === 0) return <p className="muted" data-testid={testId}>No setting differs.</p>;
  return (
    <table className="table" data-testid={testId}>
      <thead><tr><th>Setting</th><th>Before</th><th>After</th></tr></thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.path}>
            <td><code>{c.path}</code></td>
            <td><del>{show(c.before)}</del></td>
            <td><ins>{show(c.after)}</ins></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
