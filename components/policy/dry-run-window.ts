/** The windows the dry-run panel offers, and a custom from–to. */
export const DRY_RUN_WINDOWS = [
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "6h", label: "Last 6 hours", ms: 6 * 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 24 * 3_600_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 3_600_000 },
] as const;

/** The ISO from/to of a choice at `now`; custom reads the two datetime-local inputs (the viewer's zone). */
export function windowOf(choice: string, custom: { from: string; to: string }, now = Date.now()): { from: string; to: string } | null {
  const preset = DRY_RUN_WINDOWS.find((w) => w.value === choice);
  if (preset) return { from: new Date(now - preset.ms).toISOString(), to: new Date(now).toISOString() };
  const [from, to] = [new Date(custom.from), new Date(custom.to)];
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return null;
  return { from: from.toISOString(), to: to.toISOString() };
}
