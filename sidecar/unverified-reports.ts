import type { TViolationRule } from "../lib/domain/violation.ts";
import { reportViolation, type TAgentContext } from "../sdk/index.ts";
import { Coalescer, type TCoalesced } from "./coalescer.ts";

/** How long the refusals of one reason are gathered into one report (docs/sidecar.md#reports-of-messages-that-could-not-be-verified). */
export const UNVERIFIED_WINDOW_MS = 10_000;

type TRefused = { rule: TViolationRule; detail: string; messageId?: string };

/**
 * The reports of messages that could not be verified (the 401 refusals: unsigned, unknown or forged sender,
 * wrong digest, replayed, not for us). Anyone who reaches the inbound port can send those, as fast as they
 * like, so they are coalesced: per reason, the first is reported at once, the rest of its window in one report
 * carrying their `count`. And they never push another report out of the reporter's queue: a reason has at most
 * one report queued at a time, and none is queued into a full queue; meanwhile its count grows, and goes out
 * once there is room. What the sidecar reports of authenticated traffic (trips, validations, caps) keeps its place.
 */
export class UnverifiedReports {
  private readonly coalescer: Coalescer<TRefused>;
  /** reason → the id of its last report (which may still be queued). */
  private readonly lastId = new Map<string, string>();

  constructor(private readonly ctx: TAgentContext, private readonly maxQueue: number, windowMs = UNVERIFIED_WINDOW_MS) {
    this.coalescer = new Coalescer({ windowMs, now: () => ctx.clock.now(), emit: (c) => this.report(c), mayEmit: (key) => this.hasRoom(key) });
  }

  /** Counts a refusal of reason `code` (reported as `rule`). */
  note(rule: TViolationRule, code: string, detail: string, messageId?: string): void {
    this.coalescer.note(`${rule}:${code}`, { rule, detail, ...(messageId ? { messageId } : {}) });
  }

  /** Reports every count not yet reported (on close, before the reporter's last flush). */
  flush(): void {
    this.coalescer.flush();
  }

  private hasRoom(key: string): boolean {
    const queued = this.ctx.reporter.queuedEvents();
    if (queued.length >= this.maxQueue) return false;
    const id = this.lastId.get(key);
    return id === undefined || !queued.some((e) => e.id === id);
  }

  private report({ key, last, count, since }: TCoalesced<TRefused>): void {
    const detail = count === 1 ? last.detail : `${count} messages refused (${key.slice(key.indexOf(":") + 1)}) since ${new Date(since).toISOString()}; the last: ${last.detail}`;
    try {
      this.lastId.set(key, reportViolation(this.ctx, { rule: last.rule, detail, count }, last.messageId));
    } catch (err) {
      // The reporter is closed (a request still in flight while the sidecar stops): the log keeps the count.
      this.ctx.logger.warn("refusals not reported: the reporter is closed", { reason: key, count, error: (err as Error).message });
    }
  }
}
