import "server-only";
import { config, ConfigError } from "./config.ts";

/** Reads the configuration; on a bad value prints each problem and ends the process (the server, a script). */
export function exitOnBadConfig(who = "Firebreak"): void {
  try {
    config();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${who} refuses to start: ${err.message}`);
    process.exit(1);
  }
}
