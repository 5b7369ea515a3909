import type { TLogger } from "../sdk/index.ts";

/** Whether the control plane answers, as the directive poll last found it; changes are logged once. */
export class ControlPlaneHealth {
  reachable: boolean | undefined;
  lastContactAt: number | undefined;
  lastError: string | undefined;

  constructor(private readonly logger: TLogger) {}

  /** Runs a control-plane call and records whether it worked (the error is rethrown for the poller to log). */
  async watch<T>(call: Promise<T>): Promise<T> {
    try {
      const r = await call;
      if (this.reachable === false) this.logger.warn("control plane reachable again: directives and reports resume");
      this.reachable = true;
      this.lastContactAt = Date.now();
      this.lastError = undefined;
      return r;
    } catch (err) {
      if (this.reachable !== false) this.logger.warn("control plane unreachable: enforcing with the last policy and breaker states, reports queued", { error: (err as Error).message });
      this.reachable = false;
      this.lastError = (err as Error).message;
      throw err;
    }
  }
}
