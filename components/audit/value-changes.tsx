import { diffValues, showValue } from "@/lib/domain/value-diff.ts";

/** An audit entry's before and after as the fields that changed: added, removed, or old → new. */
export function ValueChanges({ before, after }: { before: unknown; after: unknown }) {
  const changes = diffValues(before, after);
  if (changes.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="changes">
      {changes.map((c) => (
        <li key={c.path}>
          <span className="change-path">{c.path}</span>{" "}
          {c.change === "added" && <ins>{showValue(c.after)}</ins>}
          {c.change === "removed" && <del>{showValue(c.before)}</del>}
          {c.change === "changed" && <><del>{showValue(c.before)}</del> → <ins>{showValue(c.after)}</ins></>}
        </li>
      ))}
    </ul>
  );
}
