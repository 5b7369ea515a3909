import { describe, expect, it } from "vitest";
import { parseSafeJson } from "../../../lib/server/ingest/safe-json.ts";

describe("safe JSON", () => {
  it("refuses a member named twice, however the name is escaped, at any depth", () => {
    expect(parseSafeJson('{"a":1,"\\u0061":2}')).toMatchObject({ ok: false, detail: expect.stringMatching(/"a" appears more than once/) });
    expect(parseSafeJson('{"x":[{"k":1,"y":{"k":2},"k":3}]}')).toMatchObject({ ok: false, detail: expect.stringMatching(/"k"/) });
    const wide = `{${Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`).join(",")},"k7":0}`;
    expect(parseSafeJson(wide).ok).toBe(false);
  });

  it("keeps the same name in sibling objects, and quotes and backslashes inside strings, apart", () => {
    expect(parseSafeJson('[{"k":1},{"k":2}]').ok).toBe(true);
    expect(parseSafeJson('{"a\\"":1,"a":"\\\\","b":"\\"a\\":"}')).toEqual({ ok: true, value: { 'a"': 1, a: "\\", b: '"a":' } });
  });

  it("refuses __proto__ (also escaped) and nesting deeper than the limit", () => {
    expect(parseSafeJson('{"\\u005f_proto__":{}}')).toMatchObject({ ok: false, detail: expect.stringMatching(/__proto__/) });
    expect(parseSafeJson("[".repeat(40) + "]".repeat(40)).ok).toBe(false);
  });
});
