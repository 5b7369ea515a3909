"use client";

import { FilterForm } from "@/components/lists/filter-form";
import { EVENT_OUTCOMES } from "@/lib/domain/event-facets.ts";
import { EVENT_TYPES } from "@/lib/domain/events.ts";

export type FilterValues = { agent?: string; type?: string; boundary?: string; outcome?: string; from?: string; to?: string; limit?: string };
type Option = { value: string; label: string };

/** The events filters; applying them puts them in the address (a link to the same view) and starts at page one. */
export function EventFilters({ values, agents, boundaries }: { values: FilterValues; agents: Option[]; boundaries: Option[] }) {
  return (
    <FilterForm
      path="/events"
      label="Filter events"
      values={values}
      fields={[
        { name: "agent", label: "Agent", kind: "select", options: agents },
        { name: "type", label: "Type", kind: "select", options: EVENT_TYPES.map((t) => ({ value: t, label: t.replace("firebreak.", "") })) },
        { name: "boundary", label: "Boundary", kind: "select", options: boundaries },
        { name: "outcome", label: "Outcome", kind: "select", options: EVENT_OUTCOMES.map((o) => ({ value: o, label: o })) },
      ]}
    />
  );
}
