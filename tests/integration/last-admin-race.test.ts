import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshTestDatabase } from "../support/test-db.ts";

// In a database of its own (the shared one holds admins of every suite): the race needs exactly two admins.
describe("the last-admin rule under concurrency", () => {
  it("two admins demoted at the same moment: one demotion goes through, one admin is left", async () => {
    for (let round = 0; round < 3; round++) {
      const url = await freshTestDatabase("last_admin_race");
      const out = execFileSync(path.resolve("node_modules", ".bin", "tsx"), ["--conditions=react-server", path.resolve("tests", "support", "last-admin-race.ts")], {
        env: { ...process.env, DATABASE_URL: url },
        encoding: "utf8",
      });
      expect(JSON.parse(out.trim().split("\n").at(-1)!)).toEqual({ demoted: 1, activeAdmins: 1 });
    }
  }, 60_000);
});
