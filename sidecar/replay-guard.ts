/** How far a message's iat may be from our clock before it is refused as stale (a replay outliving the seen set). */
export const MAX_SKEW_S = 300;
const SEEN_MAX = 100_000;

/** Remembers the message ids seen in the last MAX_SKEW_S; a repeat, or an iat outside the window, is a replay. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** Records `messageId`; false when it was seen before or its iat is too old or too far ahead. */
  accept(messageId: string, iatS: number, now: number): boolean {
    if (Math.abs(now / 1000 - iatS) > MAX_SKEW_S) return false;
    if (this.seen.has(messageId)) return false;
    this.seen.set(messageId, now);
    // Oldest first: drop what the iat window already refuses, and never hold more than SEEN_MAX.
    for (const [id, at] of this.seen) {
      if (this.seen.size <= SEEN_MAX && now - at <= MAX_SKEW_S * 1000) break;
      this.seen.delete(id);
    }
    return true;
  }
}
