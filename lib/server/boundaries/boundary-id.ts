import "server-only";
import { createHash } from "node:crypto";

// Ingest computes the id of every event's boundary; there are few boundaries, so each is hashed once.
const known = new Map<string, string>();

/** The stable id of the boundary sender → receiver: computed, so ingest never has to look it up. */
export function boundaryId(sender: string, receiver: string): string {
  const pair = `${sender}\u0000${receiver}`;
  let id = known.get(pair);
  if (id === undefined) {
    id = "bnd_" + createHash("sha256").update(pair).digest("hex").slice(0, 20);
    if (known.size > 100_000) known.clear(); // bounded
    known.set(pair, id);
  }
  return id;
}
