import { EventFilters, type FilterValues } from "@/components/events/event-filters";
import { EventsTable } from "@/components/events/events-table";
import { Pager } from "@/components/lists/pager";
import { ZEventQuery } from "@/lib/domain/event-query.ts";
import { findAgents } from "@/lib/server/agents/find-agents.ts";
import { findBoundaries } from "@/lib/server/boundaries/find-boundaries.ts";
import { findEvents } from "@/lib/server/events/find-events.ts";
import { readList } from "@/lib/server/http/list-params.ts";

export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;

/** The events explorer: filters in the address, newest first, cursor paging, each event linked. */
export default async function EventsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [agents, boundaries, { raw, page, problems }] = await Promise.all([findAgents(), findBoundaries(), readList(await searchParams, ZEventQuery, findEvents)]);
  const names = new Map(boundaries.map((b) => [b.id, `${b.sender} → ${b.receiver}`]));
  const events = page?.events ?? [];
  const { cursor, ...filters } = raw as FilterValues & { cursor?: string };
  return (
    <section>
      <h1>Events</h1>
      <EventFilters
        values={filters}
        agents={agents.map((a) => ({ value: a.id, label: a.id }))}
        boundaries={boundaries.map((b) => ({ value: b.id, label: names.get(b.id)! }))}
      />
      {problems.length > 0 && <ul role="alert" className="form-error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      {events.length === 0 ? (
        <p className="empty">No events match. Agents post signed events to <code>POST /api/v1/events</code>.</p>
      ) : (
        <EventsTable events={events} boundaryLabel={(id) => names.get(id) ?? id} />
      )}
      <Pager path="/events" filters={filters} cursor={cursor} nextCursor={page?.nextCursor ?? null} older="Older events" />
    </section>
  );
}
