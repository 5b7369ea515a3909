/** Prints the simulation as a readable story: elapsed time, who, what. */
export type TNarrator = { say(who: string, text: string): void; section(title: string): void };

/** A narrator writing to stdout, timing from its creation. */
export function narrator(write: (line: string) => void = (l) => console.log(l)): TNarrator {
  const start = Date.now();
  const stamp = () => `+${((Date.now() - start) / 1000).toFixed(1).padStart(6)}s`;
  return {
    say: (who, text) => write(`${stamp()}  ${who.padEnd(22)} ${text}`),
    section: (title) => write(`\n${stamp()}  ── ${title} ──`),
  };
}
