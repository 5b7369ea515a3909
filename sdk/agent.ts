import type { TPolicyViolationData, TBreakerTransitionData } from "../lib/domain/event-data.ts";
import type { TBreakerState } from "../lib/domain/breaker.ts";
import { isAgentId } from "../lib/domain/agent-id.ts";
import { Breakers } from "./breakers.ts";
import { systemClock, type TClock } from "./clock.ts";
import type { TAgentContext } from "./context.ts";
import { ControlPlane } from "./control/control-plane.ts";
import { directiveFeed } from "./control/directive-feed.ts";
import { keptAliveFetch } from "./control/http-fetch.ts";
import type { TDirectivePage } from "./control/directives.ts";
import { PolicyHolder } from "./control/policy-holder.ts";
import { ConfigError } from "./errors.ts";
import { JwksCache } from "./keys/jwks-cache.ts";
import { loadSigner } from "./keys/signer.ts";
import { stderrLogger, type TLogger } from "./logger.ts";
import { agentMemory, type TAgentMemory } from "./memory/memory.ts";
import { InMemoryStore, type TMemoryStore } from "./memory/store.ts";
import { Outbox } from "./messages/outbox.ts";
import { receiver, type TReceipt, type TReceiveResult } from "./messages/receive.ts";
import { sendMessage, type TSendOptions, type TSent } from "./messages/send.ts";
import type { TValidator } from "./messages/validators.ts";
import { Peers } from "./peers.ts";
import { Reporter, type TRejectedEvent, type TReporterOptions, type TReporterStats } from "./reporter/reporter.ts";
import { Poller } from "./poller.ts";

/** Reporter tuning an agent may pass (batch size, intervals, queue bound, retries; a journal keeps the queue across restarts). */
export type TReporterTuning = Pick<TReporterOptions, "batchSize" | "flushIntervalMs" | "maxQueue" | "maxAttempts" | "baseDelayMs" | "maxDelayMs" | "random" | "journal" | "restored">;

/** Options of createAgent. Only id, privateJwk and controlPlaneUrl are required. */
export type TAgentOptions = {
  id: string;
  privateJwk: unknown;
  controlPlaneUrl: string;
  /** How the SDK talks to the control plane (default: keptAliveFetch, node:http on kept-alive connections). */ fetch?: typeof fetch;
  clock?: TClock;
  logger?: TLogger;
  /** The agents' shared memory (default: a store private to this agent object). */ memoryStore?: TMemoryStore;
  reporter?: TReporterTuning;
  /** One agent-key cache shared by agents hosted in the same process (default: one per agent). */ agentKeys?: JwksCache;
  /** How stale the agent key set may get (default 30 s): revocations and suspensions arrive as directives at once; a new key is fetched when first seen. */ keysMaxAgeMs?: number;
  /** Background directive polling interval of start() (default 2 s); with long polling, the pause after a failed poll. */ pollIntervalMs?: number;
  /** How long start()'s directive requests wait at the control plane for news (long polling; default 30 s, the longest the control plane holds; 0 = plain polling). */ longPollS?: number;
  /** Breaker states from an earlier run's snapshot(): without them a restarted agent starts CLOSED at seq 0. */ breakers?: Record<string, TBreakerState>;
  /** Told each time a breaker gets a new state (replaced, never mutated): where to save it for the next run. */ onBreakerChange?: (sender: string, state: TBreakerState) => void;
  onTransition?: (t: TBreakerTransitionData) => void;
  onViolation?: (v: TPolicyViolationData) => void;
  onRejectedEvent?: (e: TRejectedEvent) => void;
};

/** An agent embedded with Firebreak: signed messages, caps, breakers with the human gate, memory, reporting. */
export type TAgent = {
  readonly id: string;
  /** Signs a message to `receivers` after the caps allow it (PolicyViolationError / BoundaryOpenError otherwise). */
  send(receivers: readonly string[], body: unknown, opts: TSendOptions): Promise<TSent>;
  /** Verifies and validates a received envelope, feeding the breaker on its sender. */
  receive(envelope: unknown, validators?: readonly TValidator[]): Promise<TReceiveResult>;
  /** Takes a receiver's receipt: ends the fan-out slot and learns whether that boundary is OPEN. */
  acknowledge(receipt: TReceipt): void;
  readonly memory: TAgentMemory;
  /** The breaker on `sender` → this agent. */
  breaker(sender: string): TBreakerState;
  /** Every breaker this agent owns, by sender (JSON-safe: save it and pass it back as `breakers` after a restart). */
  snapshot(): Record<string, TBreakerState>;
  /** The policy in force (defaults until a signed one is fetched) and its version. */
  readonly policy: PolicyHolder;
  /** Fetches, verifies and applies new directives; returns the page applied. */
  pollDirectives(): Promise<TDirectivePage>;
  /** Fetches and verifies GET /api/v1/policy; returns the version now in force. */
  refreshPolicy(): Promise<number>;
  /** Starts the background poller: the policy once, then directives by long polling (or every pollIntervalMs). */
  start(): void;
  /** Stops the background poller. */
  stop(): Promise<void>;
  /** Sends every queued event now. */
  flush(): Promise<void>;
  /** Stops polling, flushes and closes the reporter. */
  close(): Promise<TReporterStats>;
  /** The reporter's counters. */
  stats(): TReporterStats;
};

/** The parts an agent is made of (context, control-plane client, directive poll, poller): the sidecar builds on them too. */
export type TAgentCore = { ctx: TAgentContext; cp: ControlPlane; pollDirectives: () => Promise<TDirectivePage>; poller: Poller };

/** Builds the parts of an agent; keys are imported lazily, nothing is fetched until used. */
export function createAgentCore(opts: TAgentOptions): TAgentCore {
  if (!isAgentId(opts.id)) throw new ConfigError(`not an agent id: ${JSON.stringify(opts.id)}`);
  if (!/^https?:\/\//.test(opts.controlPlaneUrl)) throw new ConfigError("controlPlaneUrl must be an http(s) URL");
  const url = opts.controlPlaneUrl.replace(/\/+$/, "");
  const base = { fetch: opts.fetch ?? keptAliveFetch, clock: opts.clock ?? systemClock, logger: opts.logger ?? stderrLogger };
  const signer = loadSigner(opts.privateJwk);
  const reporter = new Reporter({ ...base, ...opts.reporter, controlPlaneUrl: url, source: opts.id, signer, ...(opts.onRejectedEvent ? { onRejected: opts.onRejectedEvent } : {}) });
  const policy = new PolicyHolder(opts.id);
  const cp = new ControlPlane({ ...base, url, agentId: opts.id, signer });
  const agentKeys = opts.agentKeys ?? new JwksCache({ ...base, url: `${url}/api/v1/agents/jwks`, maxAgeMs: opts.keysMaxAgeMs ?? 30_000 });
  const breakers = new Breakers({ ...base, self: opts.id, policy, reporter, ...(opts.onTransition ? { onTransition: opts.onTransition } : {}), ...(opts.breakers ? { initial: opts.breakers } : {}), ...(opts.onBreakerChange ? { onChange: opts.onBreakerChange } : {}) });
  const ctx: TAgentContext = {
    ...base, id: opts.id, signer, reporter, policy, agentKeys, breakers, peers: new Peers(), outbox: new Outbox(),
    ...(opts.onViolation ? { onViolation: opts.onViolation } : {}),
  };
  const pollDirectives = directiveFeed(ctx, cp, () => breakers.tick());
  const longPollS = opts.longPollS ?? 30;
  const poller = new Poller({
    ...base, intervalMs: opts.pollIntervalMs ?? 2_000, poll: (signal) => pollDirectives(longPollS, signal), refreshPolicy: () => policy.refresh(cp),
    longPoll: longPollS > 0, tick: () => breakers.tick(),
  });
  return { ctx, cp, pollDirectives: () => pollDirectives(), poller };
}

/** Creates an agent; keys are imported lazily, nothing is fetched until used. */
export function createAgent(opts: TAgentOptions): TAgent {
  const { ctx, cp, pollDirectives, poller } = createAgentCore(opts);
  const { reporter, breakers, policy } = ctx;
  return {
    id: opts.id,
    send: (receivers, body, sendOpts) => sendMessage(ctx, receivers, body, sendOpts),
    receive: receiver(ctx),
    acknowledge: (receipt) => acknowledge(ctx, receipt),
    memory: agentMemory(ctx, opts.memoryStore ?? new InMemoryStore()),
    breaker: (sender) => breakers.state(sender),
    snapshot: () => Object.fromEntries(breakers.all()),
    policy,
    pollDirectives: () => pollDirectives(),
    refreshPolicy: () => policy.refresh(cp),
    start: () => poller.start(),
    stop: () => poller.stop(),
    flush: () => reporter.flush(),
    close: async () => (await poller.stop(), reporter.close()),
    stats: () => reporter.stats(),
  };
}

// After a receipt says OPEN, wait at least this long (or until the receiver's cooldown ends) before one
// message may go through to learn more: short enough that a probe follows an approval promptly.
const PEER_RECHECK_MS = 5_000;

function acknowledge(ctx: TAgentContext, r: TReceipt): void {
  ctx.outbox.acknowledge(r.messageId, r.receiver);
  if (r.breaker === "OPEN") ctx.peers.markOpen(r.receiver, Math.max(r.retryAt ?? 0, ctx.clock.now() + PEER_RECHECK_MS));
  else ctx.peers.markClosed(r.receiver);
}
