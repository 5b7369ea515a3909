import { int, oneOf, optionalInt } from "./variable.ts";

/** What one ingest request may carry, how fast agents may send, and who checks signatures. */
export const INGEST_VARS = {
  FIREBREAK_MAX_BATCH_EVENTS: int({ default: 500, min: 1, max: 100_000, doc: "most events in one POST /api/v1/events" }),
  FIREBREAK_MAX_BATCH_BYTES: int({ default: 1024 * 1024, min: 1, max: 1024 * 1024 * 1024, doc: "largest ingest request body" }),
  FIREBREAK_CLOCK_SKEW_S: int({ default: 300, min: 1, max: 86_400, doc: "how far an event's time may be from the server clock" }),
  FIREBREAK_RATE_REQUESTS_PER_S: int({ default: 200, min: 1, max: 10_000_000, doc: "ingest requests per source address and second (per replica)" }),
  FIREBREAK_RATE_REQUESTS_BURST: int({ default: 400, min: 1, max: 10_000_000, doc: "ingest requests one source address may send at once" }),
  FIREBREAK_RATE_EVENTS_PER_S: int({ default: 5_000, min: 1, max: 10_000_000, doc: "ingested events per agent and second (per replica)" }),
  FIREBREAK_RATE_EVENTS_BURST: int({ default: 10_000, min: 1, max: 10_000_000, doc: "events one agent may send at once" }),
  FIREBREAK_INGEST_WORKERS: optionalInt({ min: 0, max: 256, shown: "one per core but one (at least one)", doc: "threads checking ingested events; 0 checks on the request thread" }),
  FIREBREAK_PG_INGEST_LANES: int({ default: 2, min: 1, max: 16, doc: "ingest transactions committing at once on PostgreSQL, each on its own connection" }),
  FIREBREAK_ED25519: oneOf({ words: ["libsodium", "node-crypto"], default: "libsodium", doc: "the library verifying event signatures" }),
};
