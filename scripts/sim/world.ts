import { createAgent, InMemoryStore, JwksCache, systemClock, type TAgent, type TLogger, type TReceiveResult, type TReporterTuning, type TSent, type TValidator } from "../../sdk/index.ts";
import { loadBreakers, saveBreakers } from "./breaker-file.ts";
import type { TNarrator } from "./narrator.ts";
import type { TKeyring } from "./provision.ts";

/** The simulated agents of one process: real SDK agents sharing a memory store, handing envelopes over in process. */
export type TSimWorld = {
  agent(id: string): TAgent;
  /** Hands a sent envelope to each of its receivers (with their validators) and gives the receipts back to the sender. */
  deliver(from: TAgent, sent: TSent, validators: (receiver: string) => TValidator[]): Promise<Map<string, TReceiveResult>>;
  all(): TAgent[];
  close(): Promise<void>;
};

function simLogger(n: TNarrator, id: string): TLogger {
  const quiet = () => {};
  // Violations and rejected events are narrated by the hooks; other warnings are worth a line.
  const warn = (m: string, f?: Record<string, unknown>) => m.startsWith("policy violation") || m.startsWith("the server rejected") || n.say(id, `⚠ ${m}${f ? " " + JSON.stringify(f) : ""}`);
  return { debug: quiet, info: quiet, warn, error: warn };
}

/**
 * Builds one SDK agent per key in the ring, all reporting to `url`, each polling its directives in the
 * background (every `pollIntervalMs`, default 2 s): senders too, so a new policy reaches every agent.
 */
export function simWorld(url: string, ring: TKeyring, n: TNarrator, opts: { narrate?: boolean; reporter?: TReporterTuning; keysDir?: string; pollIntervalMs?: number } = {}): TSimWorld {
  const store = new InMemoryStore();
  const narrate = opts.narrate ?? true;
  const silent: TLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const agentKeys = new JwksCache({ url: `${url}/api/v1/agents/jwks`, fetch: globalThis.fetch, clock: systemClock, logger: silent });
  const agents = new Map<string, TAgent>();
  const saved = loadBreakers(opts.keysDir);
  for (const [id, privateJwk] of ring) {
    agents.set(id, createAgent({
      id, privateJwk, controlPlaneUrl: url, memoryStore: store, agentKeys, logger: simLogger(n, id), ...(opts.reporter ? { reporter: opts.reporter } : {}), ...(saved[id] ? { breakers: saved[id] } : {}),
      onTransition: (t) => n.say(t.receiver, `⚡ breaker ${t.sender} → ${t.receiver}: ${t.from} → ${t.to} (${t.reason}${t.approvalId ? `, approval ${t.approvalId}` : ""})`),
      onViolation: (v) => narrate && n.say(id, `⛔ refused (${v.rule}): ${v.detail}`),
      onRejectedEvent: (e) => n.say(id, `⚠ Firebreak rejected event ${e.type}: ${e.code} ${e.detail}`),
      ...(opts.pollIntervalMs ? { pollIntervalMs: opts.pollIntervalMs } : {}),
    }));
  }
  for (const a of agents.values()) a.start();
  const agent = (id: string) => {
    const a = agents.get(id);
    if (!a) throw new Error(`no simulated agent ${id}`);
    return a;
  };
  return {
    agent,
    all: () => [...agents.values()],
    async deliver(from, sent, validators) {
      const results = new Map<string, TReceiveResult>();
      for (const r of sent.receivers) {
        const result = await agent(r).receive(sent.envelope, validators(r));
        if (result.receipt) from.acknowledge(result.receipt);
        results.set(r, result);
      }
      return results;
    },
    async close() {
      saveBreakers(opts.keysDir, Object.fromEntries([...agents].map(([id, a]) => [id, a.snapshot()])));
      const stats = await Promise.all([...agents.values()].map((a) => a.close()));
      const sum = (k: "accepted" | "rejected" | "dropped" | "queued") => stats.reduce((s, x) => s + x[k], 0);
      n.say("simulator", `events: ${sum("accepted")} accepted, ${sum("rejected")} rejected by Firebreak, ${sum("dropped")} dropped, ${sum("queued")} unsent`);
    },
  };
}
