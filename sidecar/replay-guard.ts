/** How far a message's iat may be from our clock before it is refused as stale (a replay outliving the seen set). */
export const MAX_SKEW_S = 300;
const SEEN_MAX = 100_000;

/** A guard's answer: take the message, or refuse it as seen before, as outside the iat window, or because the guard is full. */
export type TReplayVerdict = "ok" | "seen" | "stale" | "full";

/**
 * Remembers each message id for as long as its iat is accepted: until max(arrival, iat) + MAX_SKEW_S
 * (docs/sidecar.md, "Replays"). A repeat, or an iat outside the window, is a replay. When it holds SEEN_MAX
 * ids still inside their window it refuses new messages (fail closed) rather than forget one of them.
 */
export class ReplayGuard {
  /** id → when it may be forgotten (ms), in arrival order. */
  private readonly seen = new Map<string, number>();
  private lastSweep = -Infinity;

  constructor(private readonly max = SEEN_MAX) {}

  /** Records `messageId` when it is taken ("ok"); otherwise says why it is refused. */
  check(messageId: string, iatS: number, now: number): TReplayVerdict {
    if (Math.abs(now / 1000 - iatS) > MAX_SKEW_S) return "stale";
    if (this.seen.has(messageId)) return "seen";
    this.forget(now);
    if (this.seen.size >= this.max) return "full";
    this.seen.set(messageId, Math.max(now, iatS * 1000) + MAX_SKEW_S * 1000);
    return "ok";
  }

  /** True when `messageId` is taken (see check). */
  accept(messageId: string, iatS: number, now: number): boolean {
    return this.check(messageId, iatS, now) === "ok";
  }

  /** How many ids it holds. */
  get size(): number {
    return this.seen.size;
  }

  // Oldest arrivals first, up to the first id still inside its window (ids arriving after it are at most one
  // window younger); when that leaves the set full, one whole sweep, at most once a second.
  private forget(now: number): void {
    for (const [id, until] of this.seen) {
      if (until >= now) break;
      this.seen.delete(id);
    }
    if (this.seen.size < this.max || now - this.lastSweep < 1000) return;
    this.lastSweep = now;
    for (const [id, until] of this.seen) if (until < now) this.seen.delete(id);
  }
}
