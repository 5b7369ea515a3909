// Starts the scenario's processes (agents and their sidecars), logs each to a file, and stops them all.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import path from "node:path";

const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

/** The processes started so far, stopped together. */
export class Processes {
  private readonly children: Array<{ name: string; child: ChildProcess }> = [];
  constructor(private readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  /** Starts `command args`; its output goes to LOGDIR/<name>.log. An early exit is reported through `onExit`. */
  start(name: string, kind: "tsx" | "python", args: string[], onExit: (name: string, code: number | null) => void): void {
    const [cmd, argv] = kind === "tsx" ? [process.execPath, [TSX, ...args]] : ["python3", args];
    // The log file itself, not a pipe: a child's output never depends on this process staying alive.
    const log = openSync(path.join(this.logDir, `${name}.log`), "a");
    const child = spawn(cmd, argv, { stdio: ["ignore", log, log], env: { ...process.env, NODE_ENV: "production" } });
    closeSync(log);
    child.on("exit", (code) => onExit(name, code));
    this.children.push({ name, child });
  }

  /** Sends SIGTERM to every process still running and waits (briefly) for them to go. */
  async stop(): Promise<void> {
    const running = this.children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
    for (const { child } of running) child.removeAllListeners("exit");
    await Promise.all(running.map(({ child }) => new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 3_000);
      child.once("exit", () => (clearTimeout(kill), resolve()));
      child.kill("SIGTERM");
    })));
  }
}

/** Waits until `url` answers (any HTTP status) or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 300))) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      // not listening yet
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
