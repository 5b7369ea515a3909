import "server-only";
import { EventEmitter } from "node:events";

/** What changed, as told to live pages (docs/architecture.md#live-stream). Ids only: listeners re-read what they show. */
export type BusMessage =
  | { type: "boundary.updated"; boundaryId: string }
  | { type: "review.created"; reviewId: string; boundaryId: string }
  | { type: "review.updated"; reviewId: string; boundaryId: string }
  | { type: "incident.created"; incidentId: string; boundaryId: string | null }
  /** A person moved an incident on (acknowledged, resolved). */
  | { type: "incident.updated"; incidentId: string; boundaryId: string | null }
  /** reportsOnly: what changed is what the agent reported (a violation), not its row or keys: key caches keep theirs. */
  | { type: "agent.updated"; agentId: string; reportsOnly?: true }
  | { type: "events.ingested"; count: number }
  /** Directives were queued for an agent (null: for every agent); waiting directive requests look again. */
  | { type: "directives.queued"; agentId: string | null }
  /** This replica may have missed messages (its link to the other replicas was down): re-read everything. */
  | { type: "resync" };

/** True for a message saying an agent's row or keys changed (not only what it reported): key caches drop it. */
export function changesAgentKeys(m: BusMessage): m is Extract<BusMessage, { type: "agent.updated" }> {
  return m.type === "agent.updated" && !m.reportsOnly;
}

type Relay = (m: BusMessage) => Promise<void> | void;
type Holder = { emitter?: EventEmitter; relay?: Relay };
const holder = ((globalThis as Record<string, unknown>).__firebreakBus ??= {}) as Holder;

function emitter(): EventEmitter {
  if (!holder.emitter) {
    holder.emitter = new EventEmitter();
    holder.emitter.setMaxListeners(0); // one listener per open stream
  }
  return holder.emitter;
}

/** Tells every listener in this process (and, when a relay is set, every replica) that something changed. */
export function publish(message: BusMessage): void {
  emitter().emit("message", message);
  holder.relay?.(message);
}

/**
 * publish, resolving once the message has been handed to the other replicas (NOTIFY sent): a change that
 * caches elsewhere must drop (a revoked key, a suspended agent) is announced before its answer leaves.
 */
export async function publishAndRelay(message: BusMessage): Promise<void> {
  emitter().emit("message", message);
  await holder.relay?.(message);
}

/** Delivers a message that came from another replica to this process's listeners only. */
export function deliverLocal(message: BusMessage): void {
  emitter().emit("message", message);
}

/** Forwards published messages to other replicas (set by the PostgreSQL LISTEN/NOTIFY bridge). */
export function setRelay(relay: Relay | undefined): void {
  holder.relay = relay;
}

/** Listens to every message; returns the function that stops listening. */
export function subscribe(listener: (m: BusMessage) => void): () => void {
  emitter().on("message", listener);
  return () => emitter().off("message", listener);
}

/** How many listeners are subscribed in this process (one per open live stream). */
export function listenerCount(): number {
  return emitter().listenerCount("message");
}
