import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { deliverLocal, setRelay, type BusMessage } from "./bus.ts";
import { databaseUrl, directDatabaseUrl, providerOf } from "./db/url.ts";

const CHANNEL = "firebreak_bus";
const RECONNECT_MS = 1_000;

/** Most messages kept while the connection is down (then the oldest are dropped: the others' resync covers them). */
const MAX_PENDING = 1_000;

type Bridge = { origin: string; client?: pg.Client; stopped: boolean; pending: string[]; connectedBefore: boolean };
const holder = (globalThis as Record<string, unknown>) as { __firebreakPgBus?: Bridge };

/**
 * Carries bus messages across replicas through PostgreSQL LISTEN/NOTIFY: what this process publishes is
 * NOTIFYed, what other replicas NOTIFY is delivered to this process's listeners (its own echo is skipped).
 * Started once per process; reconnects when the connection drops. What this replica publishes meanwhile is
 * kept (bounded) and NOTIFYed on reconnect; what others NOTIFYed meanwhile is lost to this replica, so on
 * every reconnect it tells its own pages to `resync` (re-read everything).
 */
export function startPostgresBus(url = directDatabaseUrl()): Bridge | undefined {
  if (providerOf(url) !== "postgresql" || providerOf(databaseUrl()) !== "postgresql") return undefined;
  if (holder.__firebreakPgBus) return holder.__firebreakPgBus;
  const bridge: Bridge = { origin: randomUUID(), stopped: false, pending: [], connectedBefore: false };
  holder.__firebreakPgBus = bridge;
  setRelay((m) => notify(bridge, JSON.stringify({ o: bridge.origin, m })));
  void connect(bridge, url);
  return bridge;
}

/** Stops the bridge of this process (tests). */
export async function stopPostgresBus(): Promise<void> {
  const bridge = holder.__firebreakPgBus;
  if (!bridge) return;
  bridge.stopped = true;
  setRelay(undefined);
  holder.__firebreakPgBus = undefined;
  await bridge.client?.end().catch(() => {});
}

/**
 * Tells every replica's listeners once, from a process that runs no bridge (the command-line tools): on
 * PostgreSQL it NOTIFYs on a connection of its own; a no-op on SQLite (one process serves it).
 */
export async function announceToReplicas(message: BusMessage, url = directDatabaseUrl()): Promise<void> {
  if (providerOf(url) !== "postgresql") return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify({ o: randomUUID(), m: message })]);
  } finally {
    await client.end();
  }
}

// Resolves once sent (or kept for the reconnect when it cannot be).
function notify(bridge: Bridge, payload: string): Promise<void> {
  const client = bridge.client;
  if (!client) {
    bridge.pending.push(payload);
    if (bridge.pending.length > MAX_PENDING) bridge.pending.shift();
    return Promise.resolve();
  }
  return client.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).then(() => {}, (err) => {
    console.error("bus: NOTIFY failed; kept for the reconnect", err.message);
    bridge.pending.push(payload);
  });
}

async function connect(bridge: Bridge, url: string): Promise<void> {
  if (bridge.stopped) return;
  const client = new pg.Client({ connectionString: url });
  let retried = false;
  const retry = () => {
    if (retried) return;
    retried = true;
    if (bridge.client === client) bridge.client = undefined;
    client.removeAllListeners();
    client.end().catch(() => {});
    if (!bridge.stopped) setTimeout(() => void connect(bridge, url), RECONNECT_MS).unref();
  };
  client.on("error", (err) => {
    console.error("bus: LISTEN connection lost", err.message);
    retry();
  });
  // An idle LISTEN connection that the network or the server closes ends without an error.
  client.on("end", () => {
    if (!bridge.stopped) console.error("bus: LISTEN connection ended");
    retry();
  });
  client.on("notification", (n) => {
    if (n.channel !== CHANNEL || !n.payload) return;
    try {
      const { o, m } = JSON.parse(n.payload) as { o: string; m: BusMessage };
      if (o !== bridge.origin) deliverLocal(m);
    } catch {
      // not ours: ignore
    }
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    bridge.client = client;
    if (bridge.connectedBefore) {
      console.error("bus: LISTEN connection back; telling live pages to resync");
      deliverLocal({ type: "resync" });
    }
    bridge.connectedBefore = true;
    for (const payload of bridge.pending.splice(0)) void notify(bridge, payload);
  } catch (err) {
    console.error("bus: cannot LISTEN", (err as Error).message);
    retry();
  }
}
