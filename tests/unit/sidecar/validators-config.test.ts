import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../sdk/errors.ts";
import { ZValidatorsConfig, createValidators } from "../../../sidecar/validators/index.ts";
import { configDir } from "./support.ts";

const outlier = { path: "$.items[*].price", groupBy: "$.items[*].supplier", maxDeviation: 0.5, window: 50 };
const create = (raw: unknown, files: Record<string, unknown> = {}) => () => createValidators(ZValidatorsConfig.parse(raw), { baseDir: configDir(files) });
const issues = (raw: unknown) => ZValidatorsConfig.safeParse(raw).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("sidecar validators: bad config is a clear error naming the key", () => {
  it("the validators list as written in a sidecar config parses; window defaults to 50", () => {
    const parsed = ZValidatorsConfig.parse([{ from: "price-monitor", jsonSchema: "./p.json", outlier: { ...outlier, window: undefined }, deny: ["x"], webhook: "http://127.0.0.1:7000/validate" }]);
    expect(parsed[0].outlier?.window).toBe(50);
  });

  it("unknown keys, a missing from, a non-URL webhook, a negative deviation, an empty entry", () => {
    expect(issues([{ from: "a", deny: ["x"], denny: ["y"] }])[0]).toMatch(/^0: Unrecognized key: "denny"/);
    expect(issues([{ deny: ["x"] }])[0]).toMatch(/^0\.from: /);
    expect(issues([{ from: "a", webhook: "ftp://x" }])[0]).toMatch(/^0\.webhook: /);
    expect(issues([{ from: "a", outlier: { ...outlier, maxDeviation: -1 } }])[0]).toMatch(/^0\.outlier\.maxDeviation: /);
    expect(issues([{ from: "a", outlier: { ...outlier, path: "items.price" } }])[0]).toBe("0.outlier.path: a JSONPath starts with $");
    expect(issues([{ from: "a" }])[0]).toMatch(/at least one of jsonSchema, outlier, deny, webhook/);
  });

  it("a JSONPath that does not parse names its key", () => {
    expect(create([{ from: "a", outlier: { ...outlier, groupBy: "$.items[*.supplier" } }])).toThrow(
      new ConfigError('validators[0].outlier.groupBy: "$.items[*.supplier" is not a JSONPath: unbalanced brackets'),
    );
    expect(create([{ from: "a", deny: ["x"] }, { from: "b", outlier: { ...outlier, path: "$..[?(@.price" } }])).toThrow(/^validators\[1\]\.outlier\.path: /);
  });

  it("a missing, unparsable or invalid schema file names its key and the file", () => {
    expect(create([{ from: "a", jsonSchema: "./nope.json" }])).toThrow(/^validators\[0\]\.jsonSchema: cannot read a JSON Schema from .*nope\.json/);
    expect(create([{ from: "a", jsonSchema: "./p.json" }], { "p.json": "{ not json" })).toThrow(/^validators\[0\]\.jsonSchema: cannot read a JSON Schema from .*p\.json/);
    expect(create([{ from: "a", jsonSchema: "./p.json" }], { "p.json": { type: "nonsense" } })).toThrow(/^validators\[0\]\.jsonSchema: .*p\.json is not a valid JSON Schema/);
  });

  it("one schema file named two ways by two entries works for both", () => {
    const forSender = create([{ from: "a", jsonSchema: "./p.json" }, { from: "*", jsonSchema: "p.json" }], { "p.json": { type: "object" } })();
    expect(forSender("a")).toHaveLength(2);
  });
});
