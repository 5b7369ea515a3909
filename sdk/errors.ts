import type { TRefusal, TViolationRule } from "../lib/domain/violation.ts";

/** Base class of every error the SDK throws; `code` is stable, the message is for people. */
export class FirebreakError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A send or memory read refused by the policy (fan-out, chain depth, rate, grants); also reported as a violation. */
export class PolicyViolationError extends FirebreakError {
  readonly rule: TViolationRule;
  readonly count?: number;
  constructor(refusal: TRefusal) {
    super(`policy_${refusal.rule}`, refusal.detail);
    this.rule = refusal.rule;
    if (refusal.count !== undefined) this.count = refusal.count;
  }
}

/** Every receiver of a send sits behind an OPEN boundary: nothing was sent. */
export class BoundaryOpenError extends FirebreakError {
  constructor(readonly receivers: string[]) {
    super("boundary_open", `the boundary to ${receivers.join(", ")} is OPEN; nothing was sent`);
  }
}

/** The control plane answered badly: HTTP failure, bad signature, wrong typ, malformed payload. */
export class ControlPlaneError extends FirebreakError {
  constructor(
    code: string,
    message: string,
    readonly status?: number,
  ) {
    super(code, message);
  }
}

/** The agent was configured wrongly (key, id, URL). */
export class ConfigError extends FirebreakError {
  constructor(message: string) {
    super("config", message);
  }
}
