import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { z } from "zod";
import { ZAgentId } from "../lib/domain/agent-id.ts";
import { BREAKER_STATES } from "../lib/domain/breaker-state.ts";
import type { TBreakerState, TLogger } from "../sdk/index.ts";
import { SidecarConfigError } from "./config.ts";

const count = z.int().nonnegative();
const ZBreakerState = z.strictObject({
  state: z.enum(BREAKER_STATES),
  epoch: count,
  seq: count,
  failures: count,
  window: z.array(z.strictObject({ t: z.number(), anomalous: z.boolean(), rejected: z.boolean() })).max(1000),
  probesInFlight: count,
  probesAccepted: count,
  trippedAt: z.number().optional(),
  cooldownEndsAt: z.number().optional(),
  approval: z.strictObject({ approvalId: z.string().min(1), epoch: count, notBefore: z.number(), expiresAt: z.number() }).optional(),
  tripsHistory: z.array(z.number()).max(1000),
}) satisfies z.ZodType<TBreakerState>;

/** What the breaker-state file holds: whose breakers they are, and each one by sender. */
const ZBreakerFile = z.strictObject({ version: z.literal(1), agent: ZAgentId, breakers: z.record(ZAgentId, ZBreakerState) });

/**
 * Reads the breakers an earlier run of this sidecar saved. No file: a first start (every breaker CLOSED).
 * A file that cannot be read, is not JSON, does not validate or belongs to another agent is an error naming
 * the file: starting CLOSED could reopen a boundary a person has not approved, so the operator decides.
 */
export function loadBreakerFile(file: string, agent: string): Record<string, TBreakerState> {
  if (!existsSync(file)) return {};
  const fail = (why: string) => new SidecarConfigError(`breakerStateFile ${file}: ${why}; fix or remove it (removing it starts every breaker CLOSED)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw fail(`cannot read saved breaker states (${(err as Error).message})`);
  }
  const r = ZBreakerFile.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw fail(`not a breaker-state file (${i ? `${i.path.join(".") || "(top level)"}: ${i.message}` : "invalid"})`);
  }
  if (r.data.agent !== agent) throw fail(`it holds the breakers of ${r.data.agent}, not of ${agent}`);
  return r.data.breakers as Record<string, TBreakerState>;
}

/** What decides whether a person's gate is affected: saved at once when any of it changes. */
const gateKey = (s: TBreakerState) => `${s.state}|${s.epoch}|${s.seq}|${s.probesInFlight}|${s.probesAccepted}|${s.approval?.approvalId ?? ""}`;

/**
 * Saves the breakers to their file (a temporary file, fsync, rename: a crash leaves the old file or the new
 * one, never half of one). A change of state, epoch, probes or approval is saved before the call returns; a
 * change of the validation window only (every message while CLOSED) is saved within `lazyMs`.
 */
export class BreakerFileWriter {
  private readonly saved = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly file: string,
    private readonly agent: string,
    private readonly snapshot: () => Record<string, TBreakerState>,
    private readonly logger: TLogger,
    private readonly lazyMs = 1_000,
  ) {}

  /** Takes the new state of the breaker on `sender`. */
  changed(sender: string, state: TBreakerState): void {
    if (this.saved.get(sender) !== gateKey(state)) return this.save();
    this.timer ??= setTimeout(() => this.save(), this.lazyMs).unref();
  }

  /** Writes every breaker now (also on close, for the window). */
  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const breakers = this.snapshot();
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, "w", 0o600);
      try {
        writeSync(fd, `${JSON.stringify({ version: 1, agent: this.agent, breakers })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      for (const [sender, s] of Object.entries(breakers)) this.saved.set(sender, gateKey(s));
      if (this.failing) this.logger.info("the breaker states are saved again", { file: this.file });
      this.failing = false;
    } catch (err) {
      // Enforcement goes on from memory; the operator must hear (once, not per message) that a restart would lose it.
      if (!this.failing) this.logger.error("could not save the breaker states: a restart now would lose them", { file: this.file, error: (err as Error).message });
      this.failing = true;
    }
  }
}
