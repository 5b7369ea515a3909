import { int } from "./variable.ts";

/** The server's breaker mirror, the human gate and the live stream. */
export const BREAKER_VARS = {
  FIREBREAK_APPROVAL_TTL_S: int({ default: 900, min: 1, max: 604_800, doc: "how long an approval stays usable after its notBefore" }),
  FIREBREAK_UNREPORTED_TRIP_GRACE_S: int({ default: 30, min: 0, max: 86_400, doc: "how long an agent has to report a trip the server's replay finds" }),
  FIREBREAK_BREAKER_SWEEP_S: int({ default: 10, min: 1, max: 86_400, doc: "how often the server sweeps for unreported trips" }),
  FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER: int({ default: 20, min: 1, max: 100_000, doc: "pending reviews one receiver's trips may hold" }),
  FIREBREAK_SSE_HEARTBEAT_MS: int({ default: 15_000, min: 100, max: 3_600_000, doc: "heartbeat interval of the live stream" }),
  FIREBREAK_RETENTION_DAYS: int({ default: 0, min: 0, max: 36_500, doc: "days of raw events to keep; 0 keeps everything" }),
};
