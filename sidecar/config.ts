import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ZAgentId } from "../lib/domain/agent-id.ts";
import { ZValidatorsConfig } from "./validators/index.ts";

const ZListen = z.string().regex(/^[^:\s]+:\d{1,5}$/, "must be host:port, e.g. 127.0.0.1:9101");
const ZHttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).transform((u) => u.replace(/\/+$/, ""));

/** A sidecar's YAML config (see docs/sidecar.md). */
export const ZSidecarConfig = z.strictObject({
  agent: ZAgentId,
  key: z.string().min(1),
  controlPlane: ZHttpUrl,
  inbound: z.strictObject({ listen: ZListen, upstream: ZHttpUrl }),
  outbound: z.strictObject({ listen: ZListen }),
  peers: z.record(ZAgentId, ZHttpUrl).default({}),
  validators: ZValidatorsConfig,
  timeouts: z.strictObject({ upstreamMs: z.int().positive().default(30_000), peerMs: z.int().positive().default(30_000) }).default({ upstreamMs: 30_000, peerMs: 30_000 }),
  /** Largest request or response body (and SSE event) taken, in bytes. */
  maxBodyBytes: z.int().positive().default(1_048_576),
  /** Pass a body that is not JSON-RPC through untouched (signed and checked as bytes) instead of refusing it. */
  allowMalformed: z.boolean().default(false),
  /** Where the keys of signed agent cards are published (a JWKS URL); default: the upstream's own /.well-known/jwks.json. */
  cardKeys: ZHttpUrl.optional(),
  /** Where the breakers are saved, so a restart keeps an OPEN boundary OPEN (relative to the config file). */
  breakerStateFile: z.string().min(1).optional(),
  /** How often directives are polled (ms). */
  pollIntervalMs: z.int().positive().default(2_000),
});

/** A validated sidecar config, with `baseDir` (the config file's folder) for relative paths. */
export type TSidecarConfig = z.infer<typeof ZSidecarConfig> & { baseDir: string };

/** A config that cannot be used: the message names the key. */
export class SidecarConfigError extends Error {}

/** Parses and validates a config object; throws SidecarConfigError naming the first bad key. */
export function parseSidecarConfig(raw: unknown, baseDir: string): TSidecarConfig {
  const r = ZSidecarConfig.safeParse(raw);
  if (!r.success) {
    const lines = r.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new SidecarConfigError(`invalid sidecar config:\n  ${lines.join("\n  ")}`);
  }
  return { ...r.data, baseDir };
}

/** Reads a YAML config file. */
export function loadSidecarConfig(file: string): TSidecarConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new SidecarConfigError(`cannot read the config ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new SidecarConfigError(`${file} is not YAML: ${(err as Error).message}`);
  }
  return parseSidecarConfig(raw, path.dirname(path.resolve(file)));
}

/** Reads the private JWK the config's `key` names (relative to the config file). */
export function loadKey(config: TSidecarConfig): unknown {
  const file = path.resolve(config.baseDir, config.key);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new SidecarConfigError(`key: cannot read a JSON private key from ${file}: ${(err as Error).message}`);
  }
}

/** host:port → {host, port}. */
export function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(":");
  return { host: listen.slice(0, i), port: Number(listen.slice(i + 1)) };
}
