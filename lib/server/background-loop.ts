import "server-only";

const holder = ((globalThis as Record<string, unknown>).__firebreakLoops ??= new Map()) as Map<string, NodeJS.Timeout>;

/**
 * Runs `pass` every `everyMs` in the background of this process, once per name (module reloads and several
 * bundles share it), never two passes at once; a failed pass is logged and the next one tries again.
 */
export function startBackgroundLoop(name: string, everyMs: number, pass: () => Promise<unknown>): void {
  if (holder.has(name)) return;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pass()
      .catch((err) => console.error(`${name} failed`, err))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  holder.set(name, timer);
}
