import { EVENT_DATA_SCHEMAS, type TEventType } from "../../lib/domain/events.ts";
import type { TClock } from "../clock.ts";
import { FirebreakError } from "../errors.ts";
import { signJson, type TSigner } from "../keys/signer.ts";
import type { TLogger } from "../logger.ts";
import { cloudEvent, type TOutgoingEvent } from "./cloud-event.ts";
import { dropIndex, isStateChange, isStoredBefore, isWorthRedating, redated, type TReportJournal } from "./durable.ts";
import { postBatch, type TBatchOutcome } from "./post-batch.ts";

/** An event the server refused (never retried): its id, type and the server's error. */
export type TRejectedEvent = { id: string; type: string; code: string; detail: string };

/** Options of the reporter; every number has a sensible default. */
export type TReporterOptions = {
  controlPlaneUrl: string;
  source: string;
  signer: () => Promise<TSigner>;
  fetch: typeof fetch;
  clock: TClock;
  logger: TLogger;
  /** Events per request (default 100). */ batchSize?: number;
  /** How long a lone event waits for company (default 200 ms). */ flushIntervalMs?: number;
  /** Queue bound; beyond it the oldest events are dropped and counted (default 10,000). */ maxQueue?: number;
  /** Tries per batch before flush() gives up for now (default 8). */ maxAttempts?: number;
  /** First backoff (default 250 ms). */ baseDelayMs?: number;
  /** Longest backoff (default 30 s). */ maxDelayMs?: number;
  /** Jitter source in [0, 1) (default Math.random). */ random?: () => number;
  /** Told about every event the server rejected (it is not retried). */ onRejected?: (event: TRejectedEvent) => void;
  /** Keeps the queue across restarts: breaker transitions are saved before report() returns. */ journal?: TReportJournal;
  /** Events an earlier run queued and saved but never saw acknowledged: queued first, sent with the next flush. */ restored?: readonly TOutgoingEvent[];
};

/** Counters of what the reporter did; `pending`: the queued breaker transitions (never dropped for room). */
export type TReporterStats = { queued: number; pending: number; accepted: number; duplicates: number; rejected: number; dropped: number; invalid: number };

type TItem = { event: TOutgoingEvent; seq: number; jws?: string };

/** Batches signed CloudEvents to POST /api/v1/events: in order, at least once, bounded memory, flushed on close. */
export class Reporter {
  private queue: TItem[] = [];
  private draining?: Promise<void>;
  private timerSet = false;
  /** Events are numbered as queued; partial batches are sent up to flushTo (a flush: all; the timer: those it saw). */
  private seq = 0;
  private flushTo = 0;
  private closed = false;
  private readonly counts = { accepted: 0, duplicates: 0, rejected: 0, dropped: 0, invalid: 0 };

  constructor(private readonly opts: TReporterOptions) {
    this.queue = (opts.restored ?? []).map((event) => ({ event, seq: ++this.seq }));
  }

  /** Queues an event (data checked against the event schemas) and returns its id; sending happens in the background. */
  report(type: TEventType, data: Record<string, unknown>): string {
    if (this.closed) throw new FirebreakError("closed", "the reporter is closed");
    const check = EVENT_DATA_SCHEMAS[type].safeParse(data);
    if (!check.success) {
      this.counts.invalid++;
      this.opts.logger.error("not reporting an invalid event", { type, issues: check.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`) });
      return "";
    }
    const event = cloudEvent(this.opts.source, type, data, this.opts.clock.now());
    this.queue.push({ event, seq: ++this.seq });
    if (this.queue.length > (this.opts.maxQueue ?? 10_000)) {
      this.queue.splice(dropIndex(this.queue), 1); // bounded memory: the oldest event goes first, breaker transitions last
      if (this.counts.dropped++ % 1000 === 0) this.opts.logger.warn("reporter queue full: dropping the oldest events", { dropped: this.counts.dropped });
    }
    this.opts.journal?.queued(event, isStateChange(event));
    this.schedule();
    return event.id;
  }

  /** Sends everything queued; rejects with FirebreakError("reporter_unavailable") when the server stays unreachable. */
  flush(): Promise<void> {
    return this.sendUpTo(Number.POSITIVE_INFINITY);
  }

  /** Sends every event numbered up to `upTo` (Infinity: until the queue is empty), partial batches too. */
  private sendUpTo(upTo: number): Promise<void> {
    // A sending that was just ending when we joined it may have left some of ours: send again until they are out.
    const go = (): Promise<void> => {
      this.flushTo = Math.max(this.flushTo, upTo);
      return this.send().then(() => (this.queue.length > 0 && this.queue[0].seq <= upTo ? go() : undefined));
    };
    return go();
  }

  /** Starts sending (or joins the sending under way): full batches, and the events a flush asked for. */
  private send(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Flushes and refuses further reports; never throws (what could not be sent is logged and counted as queued). */
  async close(): Promise<TReporterStats> {
    this.closed = true;
    try {
      await this.flush();
    } catch (err) {
      this.opts.logger.error("closing with unsent events", { queued: this.queue.length, error: String(err) });
    }
    return this.stats();
  }

  /** What the reporter has done so far. */
  stats(): TReporterStats {
    return { queued: this.queue.length, pending: this.queue.filter((i) => isStateChange(i.event)).length, ...this.counts };
  }

  /** The events waiting to be sent, oldest first (what a journal saves). */
  queuedEvents(): TOutgoingEvent[] {
    return this.queue.map((i) => i.event);
  }

  // A full batch goes at once; fewer events wait flushIntervalMs for company (one timer at a time), so a busy
  // agent sends full batches, not one small POST per message while the previous POST is under way.
  private schedule(): void {
    const logged = (p: Promise<void>) => void p.catch((err) => this.opts.logger.warn("events not sent yet", { error: String(err) }));
    if (this.queue.length >= this.batchSize) {
      logged(this.send());
    } else if (!this.timerSet) {
      this.timerSet = true;
      void this.opts.clock.sleep(this.opts.flushIntervalMs ?? 200).then(() => {
        this.timerSet = false;
        logged(this.sendUpTo(this.seq)); // what is queued now; later events wait for their own turn
      });
    }
  }

  private get batchSize(): number {
    return this.opts.batchSize ?? 100;
  }

  private async drain(): Promise<void> {
    while (this.queue.length >= this.batchSize || (this.queue.length > 0 && this.queue[0].seq <= this.flushTo)) {
      const batch = this.queue.slice(0, this.batchSize);
      const signer = await this.opts.signer();
      for (const item of batch) item.jws ??= await signJson(item.event, "fb-event+jws", signer);
      const outcome = await postBatch(`${this.opts.controlPlaneUrl}/api/v1/events`, batch.map((i) => i.jws!), this.opts.fetch, this.opts.clock, {
        baseDelayMs: this.opts.baseDelayMs ?? 250,
        maxDelayMs: this.opts.maxDelayMs ?? 30_000,
        maxAttempts: this.opts.maxAttempts ?? 8,
        random: this.opts.random ?? Math.random,
      });
      if (outcome.kind === "unavailable") {
        throw new FirebreakError("reporter_unavailable", `events not delivered after ${outcome.attempts} tries: ${outcome.detail}`);
      }
      const sent = new Set(batch);
      this.queue = this.queue.filter((i) => !sent.has(i)); // by identity: drop-oldest may have removed some meanwhile
      this.queue.unshift(...this.settle(batch, outcome));
      this.opts.journal?.settled();
    }
    if (this.flushTo === Number.POSITIVE_INFINITY) this.flushTo = this.seq; // that flush is done
    if (this.queue.length > 0) this.schedule(); // what is left waits for company
  }

  /** Counts the answers; returns the breaker transitions to send again re-dated (they waited past the server's clock window). */
  private settle(batch: TItem[], outcome: Exclude<TBatchOutcome, { kind: "unavailable" }>): TItem[] {
    const again: TItem[] = [];
    const now = this.opts.clock.now();
    batch.forEach((item, i) => {
      const r = outcome.kind === "results" ? outcome.results[i] : undefined;
      if (r?.status === "accepted") this.counts.accepted++;
      else if (r?.status === "duplicate" || (r?.error && isStoredBefore(item.event, r.error.code))) this.counts.duplicates++;
      else if (r?.error && isWorthRedating(item.event, r.error.code, now)) {
        this.opts.logger.info("re-dating a breaker transition that waited past the server's clock window", { id: item.event.id, time: item.event.time });
        again.push({ event: redated(item.event, now), seq: item.seq });
      } else {
        this.counts.rejected++;
        const error = r?.error ?? (outcome.kind === "refused" ? { code: `http_${outcome.status}`, detail: outcome.detail } : { code: "unknown", detail: "" });
        const rejected = { id: item.event.id, type: item.event.type, ...error };
        this.opts.logger.warn("the server rejected an event", rejected);
        this.opts.onRejected?.(rejected);
      }
    });
    return again;
  }
}
