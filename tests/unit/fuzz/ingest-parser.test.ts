import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkJwsHeader } from "../../../lib/domain/jws-header.ts";
import { checkEvent, type CheckOutcome } from "../../../lib/server/ingest/check-event.ts";
import { parseSafeJson } from "../../../lib/server/ingest/safe-json.ts";
import { fuzzRuns, fuzzTimeoutMs } from "./fuzz-settings.ts";

// Property tests of what ingest does with untrusted bytes once a signature verified (and of the JWS header
// before): it never throws, every refusal carries a known code, and a good event always passes.
const AGENT = "fuzz-agent";
const NOW = Date.parse("2026-11-30T12:00:00Z");
const CTX = { now: NOW, clockSkewS: 300, maxChainDepth: 5 };
const CODES = new Set(["invalid_event", "unknown_type", "source_mismatch", "clock_skew", "chain_too_deep", "not_receiver"]);

const check = (text: string): CheckOutcome => {
  const payload = Buffer.from(text, "utf8");
  return checkEvent({ kid: "kid-1", agentId: AGENT, payload, payloadB64: payload.toString("base64url") }, CTX);
};
const expectKnown = (o: CheckOutcome) => {
  if (!o.ok) {
    expect(CODES).toContain(o.error.code);
    expect(o.error.detail.length).toBeGreaterThan(0);
  }
};

const ZId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/);
const peer = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,20}$/);
const validEvent = fc.record({
  id: ZId,
  sender: peer,
  outcome: fc.constantFrom("accepted", "rejected"),
  anomalyScore: fc.double({ min: 0, max: 1, noNaN: true }),
  fanOut: fc.nat(1000),
  skewS: fc.integer({ min: -299, max: 299 }),
  subject: fc.option(fc.string({ minLength: 1, maxLength: 50 }), { nil: null }),
}).map((r) => ({
  specversion: "1.0",
  id: r.id,
  source: AGENT,
  type: "firebreak.message.validated",
  time: new Date(NOW + r.skewS * 1000).toISOString(),
  subject: r.subject,
  data: { messageId: r.id, sender: r.sender, receiver: AGENT, outcome: r.outcome, reasons: [], anomalyScore: r.anomalyScore, chain: [r.sender], parents: [], fanOut: r.fanOut },
}));

describe("fuzz: the ingest parser", () => {
  it("any text as a payload: no throw, a known code when refused", { timeout: fuzzTimeoutMs }, () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => expectKnown(check(text))), fuzzRuns);
  });

  it("any JSON value as a payload: no throw, a known code when refused", { timeout: fuzzTimeoutMs }, () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => expectKnown(check(JSON.stringify(v)))), fuzzRuns);
  });

  it("a well-formed event always passes, with its data as sent", { timeout: fuzzTimeoutMs }, () => {
    fc.assert(
      fc.property(validEvent, (e) => {
        const o = check(JSON.stringify(e));
        expect(o).toMatchObject({ ok: true, event: { id: e.id, source: AGENT, data: e.data } });
      }),
      fuzzRuns,
    );
  });

  it("a well-formed event with one attribute replaced by any JSON value: no throw, a known code", { timeout: fuzzTimeoutMs }, () => {
    const attrs = ["specversion", "id", "source", "type", "time", "data", "subject", "dataschema", "datacontenttype", "ext1"];
    fc.assert(
      fc.property(validEvent, fc.constantFrom(...attrs), fc.jsonValue({ maxDepth: 3 }), (e, key, value) => {
        expectKnown(check(JSON.stringify({ ...e, [key]: value })));
      }),
      fuzzRuns,
    );
  });

  it("safe JSON reads what JSON.parse reads, and refuses any object naming a member twice", { timeout: fuzzTimeoutMs }, () => {
    const noProto = fc.jsonValue({ maxDepth: 5 }).filter((v) => !JSON.stringify(v).includes("__proto__"));
    fc.assert(
      fc.property(noProto, (v) => {
        const text = JSON.stringify(v);
        const r = parseSafeJson(text);
        expect(r).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      fuzzRuns,
    );
    const withKey = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 }).filter((d) => !("__proto__" in d));
    fc.assert(
      fc.property(withKey, fc.jsonValue({ maxDepth: 2 }), (d, extra) => {
        const [key] = Object.keys(d);
        const text = `{${JSON.stringify(key)}:${JSON.stringify(extra)},${JSON.stringify(d).slice(1)}`;
        expect(parseSafeJson(text).ok).toBe(false);
      }),
      fuzzRuns,
    );
  });

  it("any string as a compact JWS header check: no throw, a known code when refused", { timeout: fuzzTimeoutMs }, () => {
    const jwsish = fc.array(fc.constantFrom(..."eyJhbGciOiJFZERTQSJ9.=-_abcXYZ019+/ "), { maxLength: 120 }).map((cs) => cs.join(""));
    fc.assert(
      fc.property(fc.oneof(jwsish, fc.string({ maxLength: 200 })), (jws) => {
        const r = checkJwsHeader(jws, "fb-event+jws");
        if (!r.ok) expect(["malformed_jws", "alg_not_allowed", "wrong_typ", "unknown_key"]).toContain(r.code);
      }),
      fuzzRuns,
    );
  });
});
