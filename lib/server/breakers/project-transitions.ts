import "server-only";
import type { EVENT_TYPE } from "../../domain/events.ts";
import type { Projector } from "../events/projection.ts";
import { applyTransition } from "./apply-transition.ts";
import { projectTransitionSet } from "./project-transition-set.ts";

/**
 * breaker.transition → the transition row and, when its seq is newer than the boundary's, the server's
 * mirror of the breaker: judged against the gate, a trip starts a new epoch with one pending review.
 * An older or repeated seq is stored but moves nothing. Each receiver's boundaries take one transaction at a
 * time (its receiver lock); transitions to other receivers, and their audit entries, do not wait.
 *
 * In seq order, set-wise: the reports up to the next one that must spend an approval are judged together,
 * against boundaries read in one query, and written with one statement per table (project-transition-set.ts);
 * that one goes one call at a time (apply-transition.ts), then the rest set-wise again, read afresh.
 */
export const projectTransitions: Projector<typeof EVENT_TYPE.breakerTransition> = async (ctx, events) => {
  // The ingest has created these boundaries and taken their receivers' locks before any projection step
  // (ingest/lock-batch.ts): each receiver's transitions one transaction at a time, across
  // replicas, so its boundaries are read after the lock and its cap of pending reviews holds.
  let rest = [...events].sort((a, b) => a.data.seq - b.data.seq);
  while (rest.length) {
    rest = rest.slice(await projectTransitionSet(ctx, rest));
    if (rest.length) {
      await applyTransition(ctx, rest[0]);
      rest = rest.slice(1);
    }
  }
};
