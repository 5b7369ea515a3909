/** The verdicts a message.validated event can carry: the events list's `outcome` filter. */
export const EVENT_OUTCOMES = ["accepted", "rejected"] as const;

/** What the events list filters and links by, read from one event's data. */
export type EventFacets = {
  /** The boundary the event speaks of, as its sender and receiver. */
  boundary: { sender: string; receiver: string } | null;
  outcome: string | null;
  /** The message or memory record the event is about: the id the provenance explorer knows. */
  subjectId: string | null;
};

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** The facets of a checked event of a known type (its data already matched the type's schema). */
export function eventFacets(type: string, data: Record<string, unknown>): EventFacets {
  const onBoundary = type === "firebreak.message.validated" || type === "firebreak.breaker.transition";
  const sender = str(data.sender);
  const receiver = str(data.receiver);
  return {
    boundary: onBoundary && sender && receiver ? { sender, receiver } : null,
    outcome: type === "firebreak.message.validated" ? str(data.outcome) : null,
    subjectId: type.startsWith("firebreak.memory.") ? str(data.recordId) : str(data.messageId),
  };
}
