/** The last instant every store we use (JavaScript, SQLite text, PostgreSQL) holds as a valid date. */
export const MAX_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * `atMs` plus `seconds`, clamped to [0, MAX_TIME_MS]: a computed date (a cooldown end, an approval's expiry)
 * is never an Invalid Date, whatever the policy or the environment says. NaN counts as "forever".
 */
export function addSecondsClamped(atMs: number, seconds: number): number {
  const t = atMs + seconds * 1000;
  if (Number.isNaN(t) || t > MAX_TIME_MS) return MAX_TIME_MS;
  return Math.max(0, t);
}
