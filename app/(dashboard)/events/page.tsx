import Link from "next/link";
import { EventFilters, type FilterValues } from "@/components/events/event-filters";
import { EventsTable } from "@/components/events/events-table";
import { ZEventQuery, type TEventsPage } from "@/lib/domain/event-query.ts";
import { toIssues } from "@/lib/domain/issues.ts";
import { findAgents } from "@/lib/server/agents/find-agents.ts";
import { findBoundaries } from "@/lib/server/boundaries/find-boundaries.ts";
import { AppError } from "@/lib/server/errors.ts";
import { findEvents } from "@/lib/server/events/find-events.ts";

export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;

/** The events explorer: filters in the address, newest first, cursor paging, each event linked. */
export default async function EventsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const [agents, boundaries] = await Promise.all([findAgents(), findBoundaries()]);
  const names = new Map(boundaries.map((b) => [b.id, `${b.sender} → ${b.receiver}`]));
  let page: TEventsPage = { events: [], nextCursor: null };
  let problems: string[] = [];
  const parsed = ZEventQuery.safeParse(raw);
  if (!parsed.success) problems = toIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
  else {
    try {
      page = await findEvents(parsed.data);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== "invalid") throw err;
      problems = [err.detail];
    }
  }
  const { cursor, ...filters } = raw as FilterValues & { cursor?: string };
  const next = page.nextCursor ? `/events?${new URLSearchParams({ ...clean(filters), cursor: page.nextCursor })}` : null;
  return (
    <section>
      <h1>Events</h1>
      <EventFilters
        values={filters}
        agents={agents.map((a) => ({ value: a.id, label: a.id }))}
        boundaries={boundaries.map((b) => ({ value: b.id, label: names.get(b.id)! }))}
      />
      {problems.length > 0 && <ul role="alert" className="form-error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      {page.events.length === 0 ? (
        <p className="empty">No events match. Agents post signed events to <code>POST /api/v1/events</code>.</p>
      ) : (
        <EventsTable events={page.events} boundaryLabel={(id) => names.get(id) ?? id} />
      )}
      <nav aria-label="Pages" className="row pager">
        {cursor && <Link href={`/events?${new URLSearchParams(clean(filters))}`}>Newest</Link>}
        {next && <Link href={next} rel="next">Older events</Link>}
      </nav>
    </section>
  );
}

function clean(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => Boolean(e[1])));
}
