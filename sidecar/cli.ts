// firebreak-sidecar --config FILE.yaml: puts Firebreak's containment in front of one A2A agent (see docs/sidecar.md).
import { parseArgs } from "node:util";
import { stderrLogger } from "../sdk/index.ts";
import { loadSidecarConfig, SidecarConfigError } from "./config.ts";
import { startSidecar } from "./start.ts";

const usage = "usage: npm run sidecar -- --config FILE.yaml";

async function main(): Promise<void> {
  let file: string | undefined;
  try {
    file = parseArgs({ args: process.argv.slice(2), options: { config: { type: "string" } } }).values.config;
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (!file) {
    console.error(`missing --config\n${usage}`);
    process.exit(2);
  }
  const logger = { ...stderrLogger, info: (m: string, f?: Record<string, unknown>) => console.error(`[firebreak info] ${m}${f ? " " + JSON.stringify(f) : ""}`) };
  try {
    const config = loadSidecarConfig(file);
    const s = await startSidecar(config, { logger });
    console.log(`firebreak sidecar for ${config.agent}: inbound ${s.inboundUrl} → ${config.inbound.upstream}, outbound ${s.outboundUrl}/peers/<peer>/…`);
    const shutdown = () => void s.close().then(() => process.exit(0));
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exit(err instanceof SidecarConfigError || (err as { code?: string }).code === "config" ? 2 : 1);
  }
}

void main();
