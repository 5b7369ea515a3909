import { reloadConfig } from "../../lib/server/config/config.ts";

/**
 * Sets (or, with undefined, removes) environment variables of this test process and has the configuration
 * read again; returns a function putting the previous values back (and reading again).
 */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    reloadConfig();
  };
  apply(vars);
  return () => apply(saved);
}
