import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { VARIABLES } from "../../../lib/server/config/config.ts";

type Row = { name: string; shown: string; expect: string };

/** The rows of docs/operations.md's configuration table, backticks dropped. */
function tableRows(): Row[] {
  const doc = readFileSync("docs/operations.md", "utf8");
  const section = doc.slice(doc.indexOf("## Configuration"), doc.indexOf("\n## ", doc.indexOf("## Configuration") + 1));
  return section.split("\n").filter((line) => line.startsWith("| `")).map((line) => {
    const [name, shown, accepted] = line.split(" | ").map((cell) => cell.replace(/^\| /, "").replaceAll("`", "").trim());
    return { name, shown, expect: accepted };
  });
}

describe("docs/operations.md's configuration table matches the configuration module", () => {
  const rows = tableRows();
  const known = VARIABLES as Record<string, { shown: string; expect: string }>;

  it("has one row for each variable the module reads, with its default and what it accepts", () => {
    const missing = Object.keys(known).filter((name) => !rows.some((r) => r.name === name));
    expect(missing).toEqual([]);
    for (const r of rows.filter((r) => known[r.name])) expect(r).toEqual({ name: r.name, shown: known[r.name].shown, expect: known[r.name].expect });
  });

  it("names no variable the module does not know, and none twice", () => {
    expect(rows.map((r) => r.name).filter((name) => !known[name])).toEqual([]);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });
});
