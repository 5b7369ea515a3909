import "server-only";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { deliverLocal, setRelay, type BusMessage } from "./bus.ts";
import { databaseUrl, directDatabaseUrl, providerOf } from "./db/url.ts";

const CHANNEL = "firebreak_bus";
const RECONNECT_MS = 1_000;

/** Most messages kept while the connection is down (then the oldest are dropped: the others' resync covers them). */
const MAX_PENDING = 1_000;

type Outgoing = { payload: string; sent: () => void };
type Bridge = {
  origin: string; client?: pg.Client; stopped: boolean; pending: string[]; connectedBefore: boolean;
  /** Payloads waiting for the next NOTIFY statement, and whether one is being sent. */
  outbox: Outgoing[]; sending: boolean;
};
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
  const bridge: Bridge = { origin: randomUUID(), stopped: false, pending: [], connectedBefore: false, outbox: [], sending: false };
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

/** Payloads a NOTIFY statement sends at most (each message stays one notification, as other replicas read it). */
const MAX_PER_STATEMENT = 500;

// One statement NOTIFYs every payload of the array, in its order; its text is fixed, so it is prepared once.
const NOTIFY_MANY = { name: "fb_bus_notify", text: `SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p` };

// Resolves once sent (or kept for the reconnect when it cannot be). What is published while a NOTIFY is on its
// way (a batch's changes are published together: two messages a trip) goes out in the next statement, not one
// statement and one socket write each: on PostgreSQL a trip batch of 20 made 40 NOTIFYs, each a statement and a
// transaction of its own (docs/benchmarks.md#trips). Several payloads NOTIFYed in one statement are one
// transaction, in which PostgreSQL delivers identical payloads once: harmless, since a message only names what
// changed and its listeners re-read it.
function notify(bridge: Bridge, payload: string): Promise<void> {
  if (!bridge.client) {
    keep(bridge, [payload]);
    return Promise.resolve();
  }
  return new Promise<void>((sent) => {
    bridge.outbox.push({ payload, sent });
    if (bridge.sending) return;
    bridge.sending = true;
    queueMicrotask(() => void sendOutbox(bridge));
  });
}

async function sendOutbox(bridge: Bridge): Promise<void> {
  try {
    while (bridge.outbox.length) {
      const batch = bridge.outbox.splice(0, MAX_PER_STATEMENT);
      const payloads = batch.map((o) => o.payload);
      const client = bridge.client;
      if (!client) keep(bridge, payloads);
      else {
        // Should the statement fail, each payload is sent alone, so one bad payload keeps only itself back.
        await client.query({ ...NOTIFY_MANY, values: [CHANNEL, payloads] }).catch(() =>
          Promise.all(payloads.map((payload) => client.query("SELECT pg_notify($1, $2)", [CHANNEL, payload]).catch((err: Error) => {
            console.error("bus: NOTIFY failed; kept for the reconnect", err.message);
            keep(bridge, [payload]);
          }))));
      }
      for (const o of batch) o.sent();
    }
  } finally {
    bridge.sending = false;
  }
}

// Kept while the connection is down, the oldest dropped past MAX_PENDING, and NOTIFYed on reconnect.
function keep(bridge: Bridge, payloads: string[]): void {
  bridge.pending.push(...payloads);
  if (bridge.pending.length > MAX_PENDING) bridge.pending.splice(0, bridge.pending.length - MAX_PENDING);
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
