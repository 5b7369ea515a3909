import "server-only";
import { promises as fs } from "node:fs";

type Syncer = { file: string; handle?: Promise<fs.FileHandle>; running?: Promise<void>; next?: Promise<void> };

const syncers = new Map<string, Syncer>();

/**
 * Makes every commit written so far to the SQLite WAL file `file` durable: fdatasync, on libuv's thread pool,
 * so the request thread never waits on the disk. Commits that finish while a sync runs share the next one
 * (each caller waits for a sync that started after its commit).
 */
export function syncWal(file: string): Promise<void> {
  let s = syncers.get(file);
  if (!s) syncers.set(file, (s = { file }));
  const syncer = s;
  if (!syncer.running) return start(syncer);
  // After the running sync, whether it worked or not: its failure is its own callers'.
  syncer.next ??= syncer.running.catch(() => {}).then(() => {
    syncer.next = undefined;
    return start(syncer);
  });
  return syncer.next;
}

function start(s: Syncer): Promise<void> {
  s.handle ??= fs.open(s.file, "r");
  const handle = s.handle;
  s.running = handle
    .then((h) => h.datasync())
    .catch((err) => {
      if (s.handle === handle) s.handle = undefined; // reopened next time
      throw err;
    })
    .finally(() => {
      s.running = undefined;
    });
  return s.running;
}
