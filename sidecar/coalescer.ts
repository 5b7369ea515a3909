/** What a coalescer emits for one key: the last item noted, how many items it stands for, and since when (ms). */
export type TCoalesced<T> = { key: string; last: T; count: number; since: number };

export type TCoalescerOptions<T> = {
  /** At most one emission per key and window. */ windowMs: number;
  now: () => number;
  emit: (c: TCoalesced<T>) => void;
  /** Whether the key may emit now (default: yes); when not, its count keeps growing and it tries again a window later. */
  mayEmit?: (key: string) => boolean;
};

type TEntry<T> = { last: T; count: number; since: number; nextAt: number };

// Keys are few (reasons, or senders that are refused); quiet ones are forgotten, and past this many at once.
const MAX_KEYS = 10_000;

/**
 * Turns a stream of like items into at most one emission per key and window, each carrying how many items it
 * stands for: the first item of a quiet key is emitted at once, the rest of its window together when the window
 * ends. No item goes uncounted: a count waits, growing, until the key may emit, and flush() emits what is left.
 * What it holds is bounded by the number of keys, however many items arrive.
 */
export class Coalescer<T> {
  private readonly byKey = new Map<string, TEntry<T>>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly o: TCoalescerOptions<T>) {}

  /** Counts `item` under `key`; emits at once when the key's window allows it. */
  note(key: string, item: T): void {
    const now = this.o.now();
    let e = this.byKey.get(key);
    if (!e) {
      if (this.byKey.size >= MAX_KEYS) this.forgetQuiet(now);
      e = { last: item, count: 0, since: now, nextAt: now };
      this.byKey.set(key, e);
    }
    if (e.count === 0) e.since = now;
    e.count++;
    e.last = item;
    if (now >= e.nextAt) this.tryEmit(key, e, now);
    if (e.count > 0) this.arm(e.nextAt - now);
  }

  /** Emits every count left, whatever the windows say (on close). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [key, e] of this.byKey) if (e.count > 0) this.emit(key, e);
  }

  private tryEmit(key: string, e: TEntry<T>, now: number): void {
    e.nextAt = now + this.o.windowMs;
    if (this.o.mayEmit && !this.o.mayEmit(key)) return;
    this.emit(key, e);
  }

  private emit(key: string, e: TEntry<T>): void {
    const { last, count, since } = e;
    e.count = 0;
    this.o.emit({ key, last, count, since });
  }

  private arm(ms: number): void {
    this.timer ??= setTimeout(() => this.tick(), Math.max(0, ms)).unref();
  }

  private tick(): void {
    this.timer = undefined;
    const now = this.o.now();
    let next = Number.POSITIVE_INFINITY;
    for (const [key, e] of this.byKey) {
      if (e.count > 0 && now >= e.nextAt) this.tryEmit(key, e, now);
      if (e.count > 0) next = Math.min(next, e.nextAt);
    }
    this.forgetQuiet(now);
    if (next < Number.POSITIVE_INFINITY) this.arm(next - now);
  }

  /** Forgets the keys with nothing counted whose window is over (the next item of theirs is emitted at once anyway). */
  private forgetQuiet(now: number): void {
    for (const [key, e] of this.byKey) if (e.count === 0 && now >= e.nextAt) this.byKey.delete(key);
  }
}
