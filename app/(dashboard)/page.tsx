import AgentsPage from "./agents/page";
import EventsPage from "./events/page";

export const dynamic = "force-dynamic";

/** Overview: registered agents and the latest events (the live graph replaces this page). */
export default async function HomePage() {
  return (
    <>
      <AgentsPage />
      <EventsPage />
    </>
  );
}
