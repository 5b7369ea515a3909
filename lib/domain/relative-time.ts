const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000], ["month", 30 * 86_400_000], ["week", 7 * 86_400_000],
  ["day", 86_400_000], ["hour", 3_600_000], ["minute", 60_000],
];

/** "3 min ago", "in 2 hr", "just now": the distance from `now` to `at` in its largest whole unit. */
export function relativeTime(at: Date, now: Date, locale = "en-GB"): string {
  const ms = at.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto", style: "short" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size) return rtf.format(Math.trunc(ms / size), unit);
  }
  return Math.abs(ms) < 10_000 ? "just now" : rtf.format(Math.trunc(ms / 1000), "second");
}

/** `2026-11-30 14:03:07 GMT+1` in the zone given (the viewer's, or UTC), 24-hour, with the zone named. */
export function zonedTime(at: Date, timeZone: string | undefined, locale = "en-CA"): string {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    hourCycle: "h23", timeZoneName: "short",
  }).formatToParts(at);
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}:${get("second")} ${get("timeZoneName")}`;
}
