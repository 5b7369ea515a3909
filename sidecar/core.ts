import { createAgentCore, keptAliveFetch, Poller, stderrLogger, type TAgentContext, type TAgentCore, type TLogger, type TValidator } from "../sdk/index.ts";
import path from "node:path";
import { BreakerFileWriter, loadBreakerFile, type TSavedState } from "./breaker-file.ts";
import { Coalescer } from "./coalescer.ts";
import type { TSidecarConfig } from "./config.ts";
import { ControlPlaneHealth } from "./health.ts";
import { describePending } from "./pending-reports.ts";
import { ReplayGuard } from "./replay-guard.ts";
import { Threads } from "./threads.ts";
import { UNVERIFIED_WINDOW_MS, UnverifiedReports } from "./unverified-reports.ts";
import { createValidators } from "./validators/index.ts";

/** Everything both listen ports share: the SDK agent parts, validators, threads, replay guard, control-plane health. */
export type TSidecarCore = {
  config: TSidecarConfig;
  ctx: TAgentContext;
  agent: TAgentCore;
  validatorsFor: (sender: string) => TValidator[];
  threads: Threads;
  replays: ReplayGuard;
  /** Senders refused because their share of the replay guard is full: logged once per sender and interval, with a count. */
  replayFull: Coalescer<string>;
  /** Reports of the messages that could not be verified, coalesced. */
  unverified: UnverifiedReports;
  health: ControlPlaneHealth;
  poller: Poller;
  /** Saves the breakers when `breakerStateFile` is set. */
  breakerFile?: BreakerFileWriter;
  /** Where the two ports are reached (set once they listen): agent cards point here. */
  urls: { inbound: string; outbound: string };
};

/** The reporter's queue bound: while the control plane is away the oldest ordinary reports go first beyond it. */
export const REPORT_QUEUE_MAX = 10_000;

/** Options a test or the CLI may add to the config. */
export type TCoreOptions = { privateJwk: unknown; logger?: TLogger; fetch?: typeof fetch; validatorsFor?: (sender: string) => TValidator[] };

/** Builds the sidecar's shared parts on the SDK (nothing starts yet). */
export function createSidecarCore(config: TSidecarConfig, opts: TCoreOptions): TSidecarCore {
  const logger = opts.logger ?? stderrLogger;
  const fetchImpl = opts.fetch ?? keptAliveFetch;
  const health = new ControlPlaneHealth(logger);
  const stateFile = config.breakerStateFile ? path.resolve(config.baseDir, config.breakerStateFile) : undefined;
  const saved: TSavedState | undefined = stateFile ? loadBreakerFile(stateFile, config.agent) : undefined;
  if (saved?.reports.length) logger.info("re-sending the reports the last run saved and the control plane had not acknowledged", { file: stateFile, ...describePending(saved.reports) });
  let breakerFile: BreakerFileWriter | undefined;
  const agent = createAgentCore({
    id: config.agent, privateJwk: opts.privateJwk, controlPlaneUrl: config.controlPlane, logger, fetch: fetchImpl,
    // Bounded: while the control plane is away the oldest reports go first (counted in /healthz); with a state
    // file the breaker transitions are saved before the message that caused them is answered, and re-sent after a restart.
    reporter: {
      maxQueue: REPORT_QUEUE_MAX, maxAttempts: 3, maxDelayMs: 5_000,
      ...(saved ? { restored: saved.reports, journal: { queued: (e, now) => breakerFile?.queued(e, now), settled: () => breakerFile?.settled() } } : {}),
    },
    ...(saved ? { breakers: saved.breakers, onBreakerChange: (sender, state) => breakerFile?.changed(sender, state) } : {}),
  });
  if (stateFile) {
    const { breakers, reporter } = agent.ctx;
    breakerFile = new BreakerFileWriter({ file: stateFile, agent: config.agent, breakers: () => Object.fromEntries(breakers.all()), reports: () => reporter.queuedEvents(), logger });
    failLostProbes(agent.ctx);
  }
  const poller = new Poller({
    clock: agent.ctx.clock, logger, intervalMs: config.pollIntervalMs,
    poll: async () => {
      const page = await health.watch(agent.pollDirectives());
      // Reports queued while the control plane was away go out once it answers again.
      if (agent.ctx.reporter.stats().queued > 0) void agent.ctx.reporter.flush().catch(() => {});
      return page;
    },
    refreshPolicy: () => health.watch(agent.ctx.policy.refresh(agent.cp)),
  });
  const fromConfig = createValidators(config.validators, { baseDir: config.baseDir, fetch: fetchImpl });
  const core: TSidecarCore = {
    config, ctx: agent.ctx, agent, poller, health, ...(breakerFile ? { breakerFile } : {}),
    validatorsFor: opts.validatorsFor ?? fromConfig,
    threads: new Threads(),
    replays: new ReplayGuard(),
    replayFull: new Coalescer({
      windowMs: UNVERIFIED_WINDOW_MS, now: () => agent.ctx.clock.now(),
      emit: ({ key: sender, count, since }) => logger.warn("replay guard: this sender's share is full, its messages are refused until its ids leave their window", {
        sender, refused: count, since: new Date(since).toISOString(), held: core.replays.sizeOf(sender),
      }),
    }),
    unverified: new UnverifiedReports(agent.ctx, REPORT_QUEUE_MAX),
    urls: { inbound: `http://${config.inbound.listen}`, outbound: `http://${config.outbound.listen}` },
  };
  return core;
}

/**
 * Probes in flight when the last run stopped never get their answer judged: each counts as failed, as a probe
 * whose peer does not answer does (HALF_OPEN → OPEN, a new review), so a restart never lets extra probes out.
 */
function failLostProbes(ctx: TAgentContext): void {
  for (const [sender, s] of ctx.breakers.all()) {
    if (s.state === "HALF_OPEN" && s.probesInFlight > 0) ctx.breakers.step(sender, { kind: "probe_result", outcome: "rejected", epoch: s.epoch });
  }
}
