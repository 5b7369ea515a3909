// The Firebreak agent SDK: everything public, in one import.
export { createAgent, type TAgent, type TAgentOptions, type TReporterTuning } from "./agent.ts";
export { systemClock, type TClock } from "./clock.ts";
export { silentLogger, stderrLogger, type TLogger } from "./logger.ts";
export { BoundaryOpenError, ConfigError, ControlPlaneError, FirebreakError, PolicyViolationError } from "./errors.ts";
export { MESSAGE_TYP, ZMessagePayload, type TMessage } from "./messages/envelope.ts";
export type { TSendOptions, TSent } from "./messages/send.ts";
export type { TReceipt, TReceiveResult } from "./messages/receive.ts";
export type { TValidation, TValidator } from "./messages/validators.ts";
export { InMemoryStore, type TMemoryRecord, type TMemoryStore } from "./memory/store.ts";
export { valueHash, type TAgentMemory, type TWriteOptions } from "./memory/memory.ts";
export { PolicyHolder } from "./control/policy-holder.ts";
export type { TDirectivePage } from "./control/directives.ts";
export { REQUEST_TOKEN_TTL_S } from "./control/request-token.ts";
export { Reporter, type TRejectedEvent, type TReporterOptions, type TReporterStats } from "./reporter/reporter.ts";
export { loadSigner, type TPrivateJwk, type TSigner } from "./keys/signer.ts";
export type { TDirective } from "../lib/domain/directives.ts";
export type { TBreakerState, TBreakerStateName } from "../lib/domain/breaker.ts";
export type { TPolicy } from "../lib/domain/policy.ts";
