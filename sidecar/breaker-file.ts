import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { z } from "zod";
import { ZAgentId } from "../lib/domain/agent-id.ts";
import { BREAKER_STATES } from "../lib/domain/breaker-state.ts";
import { isStateChange, type TBreakerState, type TLogger, type TOutgoingEvent, type TReportJournal } from "../sdk/index.ts";
import { SidecarConfigError } from "./config.ts";
import { describePending, reportsToSave, ZSavedReports } from "./pending-reports.ts";

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

/** What the breaker-state file holds: whose breakers they are, each one by sender, and the reports not yet acknowledged. */
const ZBreakerFile = z.strictObject({ version: z.literal(1), agent: ZAgentId, breakers: z.record(ZAgentId, ZBreakerState), reports: ZSavedReports.optional() });

/** What an earlier run saved: its breakers by sender, and the reports the control plane had not acknowledged. */
export type TSavedState = { breakers: Record<string, TBreakerState>; reports: TOutgoingEvent[] };

/**
 * Reads the breakers and pending reports an earlier run of this sidecar saved. No file: a first start (every
 * breaker CLOSED, nothing pending). A file that cannot be read, is not JSON, does not validate or belongs to
 * another agent is an error naming the file: starting CLOSED could reopen a boundary a person has not
 * approved, and dropping a pending trip report would leave it with no review, so the operator decides.
 */
export function loadBreakerFile(file: string, agent: string): TSavedState {
  if (!existsSync(file)) return { breakers: {}, reports: [] };
  const fail = (why: string) => new SidecarConfigError(`breakerStateFile ${file}: ${why}; fix or remove it (removing it starts every breaker CLOSED and forgets the reports not yet sent)`);
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
  const reports = r.data.reports ?? [];
  const stranger = reports.find((e) => e.source !== agent);
  if (stranger) throw fail(`it holds a report of ${stranger.source} (${stranger.id}), not of ${agent}`);
  return { breakers: r.data.breakers as Record<string, TBreakerState>, reports };
}

/** What decides whether a person's gate is affected: saved at once when any of it changes. */
const gateKey = (s: TBreakerState) => `${s.state}|${s.epoch}|${s.seq}|${s.probesInFlight}|${s.probesAccepted}|${s.approval?.approvalId ?? ""}`;

/** What a writer saves: the file, whose breakers, where to read them and the reports queued, where to log. */
export type TBreakerFileOptions = {
  file: string;
  agent: string;
  breakers: () => Record<string, TBreakerState>;
  /** The reporter's queue, oldest first (default: none). */ reports?: () => readonly TOutgoingEvent[];
  logger: TLogger;
  /** How long a change that needs no immediate save may wait (default 1 s). */ lazyMs?: number;
};

/**
 * Saves the breakers and the pending reports to one file (a temporary file, fsync, rename: a crash leaves the
 * old file or the new one, never half of one). A change of state, epoch, probes or approval, and a report of
 * a breaker transition, is saved before the call returns; anything else (the validation window, which moves
 * with every message while CLOSED, and ordinary reports) within `lazyMs`, so no message pays for an fsync.
 */
export class BreakerFileWriter implements TReportJournal {
  private readonly saved = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private failing = false;
  private pendingSaved = 0;
  private warnedLeft = false;

  constructor(private readonly o: TBreakerFileOptions) {}

  /** Takes the new state of the breaker on `sender`. */
  changed(sender: string, state: TBreakerState): void {
    if (this.saved.get(sender) !== gateKey(state)) return this.save();
    this.later();
  }

  /** The reporter queued an event: a breaker transition is saved now, before the message that caused it is answered. */
  queued(_event: TOutgoingEvent, mustSave: boolean): void {
    if (mustSave) this.save();
    else this.later();
  }

  /** The reporter sent some: the file forgets them within `lazyMs` (a restart before that re-sends them; the server sees duplicates). */
  settled(): void {
    this.later();
  }

  private later(): void {
    this.timer ??= setTimeout(() => this.save(), this.o.lazyMs ?? 1_000).unref();
  }

  /** Writes every breaker now (also on close, for the window). */
  save(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const { file, agent, logger } = this.o;
    const breakers = this.o.breakers();
    const { saved: reports, left } = reportsToSave(this.o.reports?.() ?? []);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      const fd = openSync(tmp, "w", 0o600);
      try {
        writeSync(fd, `${JSON.stringify({ version: 1, agent, breakers, ...(reports.length ? { reports } : {}) })}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
      for (const [sender, s] of Object.entries(breakers)) this.saved.set(sender, gateKey(s));
      if (this.failing) logger.info("the breaker states are saved again", { file });
      this.failing = false;
      this.told(reports, left);
    } catch (err) {
      // Enforcement goes on from memory; the operator must hear (once, not per message) that a restart would lose it.
      if (!this.failing) logger.error("could not save the breaker states: a restart now would lose them", { file, error: (err as Error).message });
      this.failing = true;
    }
  }

  /** Says in the log when breaker reports start waiting on disk for the control plane, and when none waits any more. */
  private told(reports: TOutgoingEvent[], left: number): void {
    const { file, logger } = this.o;
    const pending = reports.filter(isStateChange).length;
    if (pending > this.pendingSaved) logger.info("breaker reports saved, pending until the control plane acknowledges them", { file, ...describePending(reports) });
    else if (pending === 0 && this.pendingSaved > 0) logger.info("every saved breaker report is acknowledged", { file });
    this.pendingSaved = pending;
    if (left > 0 && !this.warnedLeft) logger.warn("more reports are queued than the state file keeps: a restart now would lose the newest", { file, left });
    this.warnedLeft = left > 0;
  }
}
