/** The sender's view of its boundaries: which receivers have an OPEN breaker on us, and until when at least. */
export class Peers {
  private readonly open = new Map<string, number>();

  /** Marks the boundary to `receiver` OPEN until `until` (epoch ms; Infinity = until told otherwise). */
  markOpen(receiver: string, until = Number.POSITIVE_INFINITY): void {
    this.open.set(receiver, until);
  }

  /** Forgets that the boundary to `receiver` was OPEN (an approval, or a receipt saying it is not). */
  markClosed(receiver: string): void {
    this.open.delete(receiver);
  }

  /** True while the boundary to `receiver` is known OPEN; after `until` one message may go through to learn more. */
  isOpen(receiver: string, now: number): boolean {
    const until = this.open.get(receiver);
    return until !== undefined && now < until;
  }
}
