import { createHash } from "node:crypto";

/** The stable id of the boundary sender → receiver: computed, so ingest never has to look it up. */
export function boundaryId(sender: string, receiver: string): string {
  return "bnd_" + createHash("sha256").update(`${sender}\u0000${receiver}`).digest("hex").slice(0, 20);
}
