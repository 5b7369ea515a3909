/** How far a message's iat may be from our clock before it is refused as stale (a replay outliving the seen set). */
export const MAX_SKEW_S = 300;
/** Most ids one sender may hold inside their window: its share (docs/sidecar.md, "Replays"). */
export const SENDER_MAX = 100_000;
/** Most ids of all senders together before the shares shrink to an equal split. */
export const TOTAL_MAX = 500_000;

/** A guard's answer: take the message, or refuse it as seen before, as outside the iat window, or because its sender's share is full. */
export type TReplayVerdict = "ok" | "seen" | "stale" | "full";

/** The bounds of a guard (tests make them small). */
export type TReplayLimits = { perSender: number; total: number };

/** One sender's ids → when each may be forgotten (epoch seconds), in arrival order. */
type TSenderIds = { ids: Map<string, number>; lastSweep: number };

/**
 * Remembers each message id, per sender, for as long as its iat is accepted: until max(arrival, iat) +
 * MAX_SKEW_S (docs/sidecar.md, "Replays"). A repeat, or an iat outside the window, is a replay. Each sender
 * has its own share: one that holds `perSender` ids still inside their window has its new messages refused
 * (fail closed, rather than forget one of them) while the others go on. When all senders together hold
 * `total`, only the senders holding more than an equal split of it are refused; so the guard holds at most
 * about twice `total` ids, and no sender can fill another's share.
 */
export class ReplayGuard {
  private readonly bySender = new Map<string, TSenderIds>();
  private held = 0;
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly limits: TReplayLimits;

  constructor(limits: Partial<TReplayLimits> = {}) {
    this.limits = { perSender: SENDER_MAX, total: TOTAL_MAX, ...limits };
  }

  /** Records `messageId` of `sender` when it is taken ("ok"); otherwise says why it is refused. */
  check(sender: string, messageId: string, iatS: number, now: number): TReplayVerdict {
    const nowS = now / 1000;
    if (Math.abs(nowS - iatS) > MAX_SKEW_S) return "stale";
    const mine = this.bySender.get(sender);
    if (mine?.ids.has(messageId)) return "seen";
    if (mine) this.forgetOldest(mine, nowS);
    if (this.isFull(mine, nowS)) return "full";
    const ids = mine?.ids ?? this.newSender(sender);
    ids.set(messageId, Math.ceil(Math.max(nowS, iatS) + MAX_SKEW_S));
    this.held++;
    return "ok";
  }

  /** How many ids it holds, all senders together. */
  get size(): number {
    return this.held;
  }

  /** How many ids it holds of `sender`. */
  sizeOf(sender: string): number {
    return this.bySender.get(sender)?.ids.size ?? 0;
  }

  private newSender(sender: string): Map<string, number> {
    const s: TSenderIds = { ids: new Map(), lastSweep: Number.NEGATIVE_INFINITY };
    this.bySender.set(sender, s);
    return s.ids;
  }

  /** Whether the sender's share is full, once what has left its window is forgotten (whole sweeps at most once a second). */
  private isFull(mine: TSenderIds | undefined, nowS: number): boolean {
    const { perSender, total } = this.limits;
    if (mine && mine.ids.size >= perSender && nowS - mine.lastSweep >= 1) {
      mine.lastSweep = nowS;
      this.sweep(mine, nowS);
    }
    if ((mine?.ids.size ?? 0) >= perSender) return true;
    if (this.held < total) return false;
    if (nowS - this.lastSweep >= 1) {
      this.lastSweep = nowS;
      for (const [sender, s] of this.bySender) {
        this.sweep(s, nowS);
        if (s.ids.size === 0 && s !== mine) this.bySender.delete(sender);
      }
      if (this.held < total) return false;
    }
    const senders = this.bySender.size + (mine ? 0 : 1);
    return (mine?.ids.size ?? 0) >= Math.floor(total / senders);
  }

  // Oldest arrivals first, up to the first id still inside its window (ids arriving after it are at most one window younger).
  private forgetOldest(s: TSenderIds, nowS: number): void {
    for (const [id, until] of s.ids) {
      if (until >= nowS) break;
      s.ids.delete(id);
      this.held--;
    }
  }

  private sweep(s: TSenderIds, nowS: number): void {
    for (const [id, until] of s.ids) {
      if (until < nowS) {
        s.ids.delete(id);
        this.held--;
      }
    }
  }
}
