import "server-only";
import { createHash } from "node:crypto";
import { changesAgentKeys, subscribe } from "../bus.ts";
import { dbProvider } from "../db/client.ts";
import { hearsEveryChange, type Freshness } from "../hears-every-change.ts";
import { agentJwks } from "./find-agents.ts";

/** The key set as served: its JSON body and the ETag an unchanged set answers 304 to. */
export type JwksDocument = { body: string; etag: string };

/** On PostgreSQL, the longest a built set is served (a writer with no bus bridge is seen within it). */
export const PG_MAX_AGE_MS = 1_000;

type Cache = Freshness & {
  document?: JwksDocument;
  /** When the read behind `document` started (Date.now()). */
  readAt: number;
  /** The read under way, shared by every request that asks meanwhile. */
  building?: Promise<JwksDocument>;
  /** Bumped on every drop: a read that started before one does not store what it read. */
  generation: number;
  unsubscribe?: () => void;
};
const holder = globalThis as { __firebreakAgentJwksCache?: Cache };

function drop(c: Cache): void {
  c.generation++;
  c.document = undefined;
  c.building = undefined;
}

// Every change to a key or its agent (add, revoke, suspend, resume) publishes agent.updated after its commit;
// a message that says only the agent's reports changed (a violation) leaves the keys alone.
function cache(): Cache {
  const c: Cache = (holder.__firebreakAgentJwksCache ??= { readAt: 0, generation: 0 });
  c.unsubscribe ??= subscribe((m) => {
    if (changesAgentKeys(m) || m.type === "resync") drop(c);
  });
  return c;
}

/** Whether the kept document may be served (drops it when it may be stale); false: read every time. */
function keepable(c: Cache): boolean {
  if (dbProvider() !== "postgresql") return hearsEveryChange(c, () => drop(c));
  // Expired, not dropped: a read under way (started after the expiry) is still good to share and keep.
  if (c.document && Date.now() - c.readAt >= PG_MAX_AGE_MS) c.document = undefined;
  return true;
}

async function build(): Promise<JwksDocument> {
  const body = JSON.stringify(await agentJwks());
  return { body, etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"` };
}

/**
 * `GET /api/v1/agents/jwks`'s body and ETag, built once and kept in memory (docs/scale.md#the-agents-key-set-in-memory):
 * dropped on agent.updated and resync, on SQLite when another process commits (data_version), and on
 * PostgreSQL after PG_MAX_AGE_MS. Requests that ask while it is being built share the one read.
 */
export async function cachedAgentJwks(): Promise<JwksDocument> {
  const c = cache();
  if (!keepable(c)) return build();
  if (c.document) return c.document;
  if (c.building) return c.building;
  const generation = c.generation;
  const readAt = Date.now();
  const building = build();
  c.building = building;
  try {
    const document = await building;
    if (generation === c.generation) {
      c.document = document;
      c.readAt = readAt;
    }
    return document;
  } finally {
    if (c.building === building) c.building = undefined;
  }
}
