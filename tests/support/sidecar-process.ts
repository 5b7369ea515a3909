import { spawn, type ChildProcess } from "node:child_process";

/** A sidecar run as its own process (`firebreak-sidecar --config`); `log` gathers what it printed. */
export type TSidecarProcess = ChildProcess & { log: () => string };

/** Starts a sidecar process as an operator runs it; resolves once it listens, rejects (with its output) if it exits first. */
export function startSidecarProcess(config: string, children: ChildProcess[]): Promise<TSidecarProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "sidecar/cli.ts", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let log = "";
  const proc = Object.assign(child, { log: () => log });
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => ((log += d), log.includes("firebreak sidecar for") && resolve(proc)));
    child.stderr!.on("data", (d) => (log += d));
    child.once("exit", (code) => reject(new Error(`sidecar exited (${code}):\n${log}`)));
  });
}

const running = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

/** Kills a sidecar process at once (no shutdown work: what it saved is what it had saved while running). */
export const killSidecar = (c: ChildProcess) => new Promise<void>((r) => (running(c) ? (c.once("exit", () => r()), c.kill("SIGKILL")) : r()));
