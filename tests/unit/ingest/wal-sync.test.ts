import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { syncWal } from "../../../lib/server/db/wal-sync.ts";

const dir = mkdtempSync(path.join(tmpdir(), "wal-sync-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A WAL file with some frames in it. */
function walFile(name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, "frames");
  return file;
}

/** A spy on every file handle's datasync (they share one prototype). */
async function spyOnDatasync() {
  const handle = await fs.open(walFile("probe"), "r");
  const proto = Object.getPrototypeOf(handle) as { datasync: () => Promise<void> };
  await handle.close();
  return vi.spyOn(proto, "datasync");
}

describe("syncWal", () => {
  it("syncs the file once for a first caller, once more for all who ask while a sync runs, and again when asked later", async () => {
    const file = walFile("a.db-wal");
    const datasync = await spyOnDatasync();
    await Promise.all([syncWal(file), syncWal(file), syncWal(file), syncWal(file)]);
    expect(datasync).toHaveBeenCalledTimes(2);
    await syncWal(file);
    expect(datasync).toHaveBeenCalledTimes(3);
    datasync.mockRestore();
  });

  it("a failed sync fails only its own callers: those waiting for the next one, and later ones, get a sync that works", async () => {
    const file = walFile("c.db-wal");
    const datasync = (await spyOnDatasync()).mockRejectedValueOnce(new Error("EIO"));
    const [first, queued] = await Promise.allSettled([syncWal(file), syncWal(file)]);
    expect(first).toMatchObject({ status: "rejected", reason: { message: "EIO" } });
    expect(queued.status).toBe("fulfilled");
    const [running, waiting] = await Promise.allSettled([syncWal(file), syncWal(file)]);
    expect([running.status, waiting.status]).toEqual(["fulfilled", "fulfilled"]);
    datasync.mockRestore();
  });

  it("fails when the file cannot be synced, and tries again on the next call", async () => {
    const file = path.join(dir, "b.db-wal");
    await expect(syncWal(file)).rejects.toThrow(/ENOENT/);
    writeFileSync(file, "frames");
    await expect(syncWal(file)).resolves.toBeUndefined();
  });
});
