"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { fromLocalInput, toLocalInput, useTimeZone } from "@/components/layout/use-time-zone";
import { EVENT_OUTCOMES } from "@/lib/domain/event-facets.ts";
import { EVENT_TYPES } from "@/lib/domain/events.ts";

export type FilterValues = { agent?: string; type?: string; boundary?: string; outcome?: string; from?: string; to?: string; limit?: string };
type Option = { value: string; label: string };

/** The events filters; applying them puts them in the address (a link to the same view) and starts at page one. */
export function EventFilters({ values, agents, boundaries }: { values: FilterValues; agents: Option[]; boundaries: Option[] }) {
  const router = useRouter();
  const zone = useTimeZone();

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const params = new URLSearchParams();
    for (const key of ["agent", "type", "boundary", "outcome", "limit"]) {
      const v = String(form.get(key) ?? "");
      if (v) params.set(key, v);
    }
    // The date inputs are in the viewer's zone; the address carries instants.
    for (const key of ["from", "to"]) {
      const v = fromLocalInput(String(form.get(key) ?? ""));
      if (v) params.set(key, v);
    }
    router.push(`/events${params.size ? `?${params}` : ""}`);
  }

  const zoneLabel = zone ? `your time, ${zone}` : "your time";
  return (
    <form className="row filters" aria-label="Filter events" onSubmit={apply}>
      <label>Agent
        <select name="agent" defaultValue={values.agent ?? ""}>
          <option value="">any</option>
          {agents.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
        </select>
      </label>
      <label>Type
        <select name="type" defaultValue={values.type ?? ""}>
          <option value="">any</option>
          {EVENT_TYPES.map((t) => <option key={t} value={t}>{t.replace("firebreak.", "")}</option>)}
        </select>
      </label>
      <label>Boundary
        <select name="boundary" defaultValue={values.boundary ?? ""}>
          <option value="">any</option>
          {boundaries.map((b) => <option key={b.value} value={b.value}>{b.label}</option>)}
        </select>
      </label>
      <label>Outcome
        <select name="outcome" defaultValue={values.outcome ?? ""}>
          <option value="">any</option>
          {EVENT_OUTCOMES.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </label>
      {/* Remounted once the zone is known: the server cannot know the viewer's zone to fill them in. */}
      <label key={`from-${zone}`}>From ({zoneLabel})<input type="datetime-local" name="from" defaultValue={zone ? toLocalInput(values.from) : ""} /></label>
      <label key={`to-${zone}`}>To ({zoneLabel})<input type="datetime-local" name="to" defaultValue={zone ? toLocalInput(values.to) : ""} /></label>
      <label>Per page
        <select name="limit" defaultValue={values.limit ?? ""}>
          <option value="">50</option>
          {["100", "200", "500"].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <button className="btn btn-primary">Apply</button>
      <Link className="btn" href="/events">Clear</Link>
    </form>
  );
}
