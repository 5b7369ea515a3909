import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { loadMigrations, migrateSqlite } from "../../../lib/server/db/migrate.ts";

const dir = mkdtempSync(path.join(tmpdir(), "firebreak-backfill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("storage: migration 0012 gives stored validations their message's chain depth", () => {
  it("dry run: validations stored before 0012 take the chain depth of their Message row, or 1 without one", () => {
    const url = `file:${path.join(dir, "backfill.db")}`;
    const all = loadMigrations("sqlite");
    const at = all.findIndex((m) => m.name === "0012_dry_run_speed");
    migrateSqlite(url, all.slice(0, at));
    const db = new Database(path.join(dir, "backfill.db"));
    const time = "2026-11-20T00:00:00.000+00:00";
    db.prepare(`INSERT INTO "Message" ("messageId","sender","chain","chainDepth","firstSeenAt") VALUES ('deep','a','["o","x","a"]',3,?)`).run(time);
    const validation = db.prepare(`INSERT INTO "MessageValidation" ("eventSeq","messageId","sender","receiver","outcome","reasons","anomalyScore","fanOut","time") VALUES (0,?,'a','b','accepted','[]',0,1,?)`);
    for (const id of ["deep", "deep", "no-message-row"]) validation.run(id, time);
    db.close();

    migrateSqlite(url, all);
    const after = new Database(path.join(dir, "backfill.db"), { readonly: true });
    const depths = after.prepare(`SELECT "messageId", "chainDepth" FROM "MessageValidation" ORDER BY "id"`).all();
    after.close();
    expect(depths).toEqual([{ messageId: "deep", chainDepth: 3 }, { messageId: "deep", chainDepth: 3 }, { messageId: "no-message-row", chainDepth: 1 }]);
  });
});
