import { findEvents } from "@/lib/server/events/find-events.ts";
import { Timestamp } from "@/components/layout/time-ago";

export const dynamic = "force-dynamic";

/** The latest events agents reported, newest first. */
export default async function EventsPage() {
  const events = await findEvents({ take: 100 });
  return (
    <section>
      <h1>Latest events</h1>
      {events.length === 0 ? (
        <p className="empty">No events yet. Agents post signed events to <code>POST /api/v1/events</code>.</p>
      ) : (
        <table className="table">
          <thead>
            <tr><th>#</th><th>Type</th><th>Source</th><th>Event id</th><th>Event time</th><th>Received</th></tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td><code>{e.type.replace("firebreak.", "")}</code></td>
                <td><code>{e.source}</code></td>
                <td><code>{e.eventId}</code></td>
                <td><Timestamp value={e.time} /></td>
                <td><Timestamp value={e.receivedAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
