// What a review holds as evidence: written by the breaker mirror when a boundary trips (breakers/gather-evidence.ts),
// read by the review pages. Plain data (lib/domain/views.ts), so reviews/ depends on nothing that produces it.
export type { Evidence, TripEvidence } from "../../domain/views.ts";
