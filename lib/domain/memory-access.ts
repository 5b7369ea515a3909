import type { TMemoryGrant } from "./policy.ts";
import { refuse, type TCheck } from "./violation.ts";

/** An agent writes only to its own memory partition (docs/architecture.md#caps). */
export function checkMemoryWrite(writer: string, partition: string): TCheck {
  return writer === partition ? { ok: true } : refuse("grant_missing", `${writer} may not write to partition ${partition}`);
}

/** The first grant letting `reader` read `partition` at `now` (expires_at null = no expiry; expiry is exclusive). */
export function findGrant(grants: readonly TMemoryGrant[], reader: string, partition: string, now: number): TMemoryGrant | undefined {
  return grants.find(
    (g) => g.reader === reader && g.partition === partition && (g.expires_at === null || Date.parse(g.expires_at) > now),
  );
}

/** Reading one's own partition is always allowed; reading another's needs an unexpired grant. */
export function checkMemoryRead(grants: readonly TMemoryGrant[], reader: string, partition: string, now: number): TCheck {
  if (reader === partition || findGrant(grants, reader, partition, now)) return { ok: true };
  return refuse("grant_missing", `${reader} has no grant to read partition ${partition}`);
}
