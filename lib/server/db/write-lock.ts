import "server-only";

/** A first-come first-served async lock. */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();
  private taken = 0;

  /** Whether someone holds the lock or waits for it. */
  get busy(): boolean {
    return this.taken > 0;
  }

  /** Resolves with the function that releases the lock, once every earlier holder released it. */
  acquire(): Promise<() => void> {
    this.taken++;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let released = false;
    const once = () => {
      if (released) return;
      released = true;
      this.taken--;
      release();
    };
    const turn = this.tail.then(() => once);
    this.tail = this.tail.then(() => held);
    return turn;
  }
}
