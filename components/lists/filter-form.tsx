"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { fromLocalInput, toLocalInput, useTimeZone } from "@/components/layout/use-time-zone";

/** One filter of a list: free text (with suggestions) or a choice. */
export type FilterField =
  | { name: string; label: string; kind: "text"; placeholder?: string; suggestions?: string[] }
  | { name: string; label: string; kind: "select"; options: { value: string; label: string }[] };

type Props = { path: string; label: string; fields: FilterField[]; values: Record<string, string | undefined> };

/**
 * A list's filters with a time range and a page size; applying them puts them in the address (a link to the
 * same view) and starts at page one. The time inputs are in the viewer's zone; the address carries instants.
 */
export function FilterForm({ path, label, fields, values }: Props) {
  const router = useRouter();
  const zone = useTimeZone();

  function apply(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const params = new URLSearchParams();
    for (const key of [...fields.map((f) => f.name), "limit"]) {
      const v = String(form.get(key) ?? "").trim();
      if (v) params.set(key, v);
    }
    for (const key of ["from", "to"]) {
      const v = fromLocalInput(String(form.get(key) ?? ""));
      if (v) params.set(key, v);
    }
    router.push(`${path}${params.size ? `?${params}` : ""}`);
  }

  const zoneLabel = zone ? `your time, ${zone}` : "your time";
  return (
    <form className="row filters" aria-label={label} onSubmit={apply}>
      {fields.map((f) => (
        <label key={f.name}>{f.label}
          {f.kind === "select" ? (
            <select name={f.name} defaultValue={values[f.name] ?? ""}>
              <option value="">any</option>
              {f.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          ) : (
            <>
              <input name={f.name} defaultValue={values[f.name] ?? ""} placeholder={f.placeholder} list={f.suggestions ? `${f.name}-suggestions` : undefined} />
              {f.suggestions && <datalist id={`${f.name}-suggestions`}>{f.suggestions.map((s) => <option key={s} value={s} />)}</datalist>}
            </>
          )}
        </label>
      ))}
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
      <Link className="btn" href={path}>Clear</Link>
    </form>
  );
}
