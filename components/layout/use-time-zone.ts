"use client";

import { useSyncExternalStore } from "react";

const never = () => () => {};

/** The viewer's IANA time zone, known only in the browser (null while rendering on the server and hydrating). */
export function useTimeZone(): string | null {
  return useSyncExternalStore(never, () => Intl.DateTimeFormat().resolvedOptions().timeZone, () => null);
}

/** An instant as the value of a datetime-local input, in the browser's zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local input's value (read in the browser's zone) as an ISO instant; blank stays blank. */
export function fromLocalInput(value: string): string {
  return value ? new Date(value).toISOString() : "";
}
