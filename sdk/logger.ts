/** Where the SDK says what it does; fields are plain JSON-able values. */
export type TLogger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

const quiet = () => {};
const loud = (level: string) => (message: string, fields?: Record<string, unknown>) =>
  console.error(`[firebreak ${level}] ${message}${fields ? " " + JSON.stringify(fields) : ""}`);

/** The default logger: warnings and errors to stderr, nothing else. */
export const stderrLogger: TLogger = { debug: quiet, info: quiet, warn: loud("warn"), error: loud("error") };

/** A logger that says nothing (tests). */
export const silentLogger: TLogger = { debug: quiet, info: quiet, warn: quiet, error: quiet };
