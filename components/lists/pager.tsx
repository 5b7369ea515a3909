import Link from "next/link";

/** Drops blank values: the address carries only the filters that are set. */
export function setFilters(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
}

type Props = { path: string; filters: Record<string, string | undefined>; cursor?: string; nextCursor: string | null; older: string };

/** Cursor paging under a list: back to the newest page, and on to the next older one while there is one. */
export function Pager({ path, filters, cursor, nextCursor, older }: Props) {
  const kept = setFilters(filters);
  return (
    <nav aria-label="Pages" className="row pager">
      {cursor && <Link href={`${path}?${new URLSearchParams(kept)}`}>Newest</Link>}
      {nextCursor && <Link href={`${path}?${new URLSearchParams({ ...kept, cursor: nextCursor })}`} rel="next">{older}</Link>}
    </nav>
  );
}

/** Download links for the filtered list (every matching row, not only this page) as CSV and JSON. */
export function ExportLinks({ api, filters, what }: { api: string; filters: Record<string, string | undefined>; what: string }) {
  const { limit: _limit, ...kept } = setFilters(filters);
  const href = (format: string) => `${api}${api.includes("?") ? "&" : "?"}${new URLSearchParams({ ...kept, format })}`;
  return (
    <p className="row export-links">
      <span className="muted">Export {what} matching these filters:</span>
      <a href={href("csv")} download>CSV</a>
      <a href={href("json")} download>JSON</a>
    </p>
  );
}
