/**
 * Waits (polling every 100 ms) until check() returns something truthy and gives it back; throws after `ms`
 * with what it waited for. A wait that ends silently would let the assertion after it pass or fail for the
 * wrong reason, so there is no such variant.
 */
export async function eventually<T>(check: () => T | Promise<T>, ms = 20_000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
