import { describe, expect, it } from "vitest";
import { toCsv } from "../../../lib/server/http/csv.ts";

describe("CSV export", () => {
  it("writes a header and one CRLF line per row, quoting commas, quotes and line breaks", () => {
    const rows = [{ id: "a,b", note: 'say "hi"', n: 3 }, { id: "line\nbreak", note: null, n: -1 }];
    expect(toCsv(rows, ["id", "note", "n"])).toBe('id,note,n\r\n"a,b","say ""hi""",3\r\n"line\nbreak",,-1\r\n');
  });

  it("computed columns, dates as ISO and objects as JSON", () => {
    const csv = toCsv([{ at: new Date("2026-11-30T10:00:00Z"), tags: ["x", "y"] }], [
      { header: "when", value: (r) => r.at },
      { header: "tags", value: (r) => r.tags },
    ]);
    expect(csv).toBe('when,tags\r\n2026-11-30T10:00:00.000Z,"[""x"",""y""]"\r\n');
  });

  it("a text cell a spreadsheet would run as a formula is defused with a leading quote", () => {
    expect(toCsv([{ v: "=HYPERLINK(1)" }, { v: "+1" }, { v: "@sum" }], ["v"])).toBe("v\r\n'=HYPERLINK(1)\r\n'+1\r\n'@sum\r\n");
  });

  it("no rows is just the header", () => {
    expect(toCsv([], ["kind", "id"])).toBe("kind,id\r\n");
  });
});
