import { describe, expect, it } from "vitest";
import { checkJwsHeader } from "../../../lib/domain/jws-header.ts";

// checkJwsHeader keeps its answer per (typ, header segment). What a caller must still see: the payload and
// signature of every JWS checked for shape, the typ of the call deciding, and answers no caller can change.
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const header = (h: Record<string, unknown>) => b64({ alg: "EdDSA", typ: "fb-message+jws", ...h });
const sig = "c2lnbmF0dXJl";

describe("checkJwsHeader's kept answers", () => {
  it("answers a repeated header the same way, and as a fresh header would", () => {
    const h = header({ kid: "kid-memo-1" });
    const first = checkJwsHeader(`${h}.${b64({ n: 1 })}.${sig}`, "fb-message+jws");
    const again = checkJwsHeader(`${h}.${b64({ n: 2 })}.${sig}`, "fb-message+jws");
    expect(first).toEqual({ ok: true, kid: "kid-memo-1", header: { alg: "EdDSA", typ: "fb-message+jws", kid: "kid-memo-1" } });
    expect(again).toEqual(first);
  });

  it("still checks each JWS's own payload and signature for shape when the header is known", () => {
    const h = header({ kid: "kid-memo-2" });
    expect(checkJwsHeader(`${h}.${b64({})}.${sig}`, "fb-message+jws").ok).toBe(true);
    const padded = checkJwsHeader(`${h}.${b64({})}=.${sig}`, "fb-message+jws");
    expect(padded).toMatchObject({ ok: false, code: "malformed_jws" });
    const badAlphabet = checkJwsHeader(`${h}.${b64({})}.si+g`, "fb-message+jws");
    expect(badAlphabet).toMatchObject({ ok: false, code: "malformed_jws" });
    expect(checkJwsHeader(`${h}.${b64({})}`, "fb-message+jws")).toMatchObject({ ok: false, code: "malformed_jws" });
  });

  it("decides per typ: the same header is right for one typ and wrong for another", () => {
    const h = header({ kid: "kid-memo-3" });
    const jws = `${h}.${b64({})}.${sig}`;
    expect(checkJwsHeader(jws, "fb-message+jws").ok).toBe(true);
    expect(checkJwsHeader(jws, "fb-event+jws")).toMatchObject({ ok: false, code: "wrong_typ" });
    expect(checkJwsHeader(jws, "fb-message+jws").ok).toBe(true);
  });

  it("keeps refusals too, with the same code and detail", () => {
    const h = b64({ alg: "HS256", typ: "fb-message+jws", kid: "kid-memo-4" });
    const a = checkJwsHeader(`${h}.${b64({})}.${sig}`, "fb-message+jws");
    const b = checkJwsHeader(`${h}.${b64({ other: true })}.${sig}`, "fb-message+jws");
    expect(a).toMatchObject({ ok: false, code: "alg_not_allowed" });
    expect(b).toEqual(a);
  });

  it("hands out answers no caller can change for the next one", () => {
    const h = header({ kid: "kid-memo-5" });
    const jws = `${h}.${b64({})}.${sig}`;
    const first = checkJwsHeader(jws, "fb-message+jws");
    if (!first.ok) throw new Error("expected a good header");
    expect(() => { (first as { kid: string }).kid = "someone-else"; }).toThrow(TypeError);
    expect(() => { (first.header as Record<string, unknown>).kid = "someone-else"; }).toThrow(TypeError);
    const next = checkJwsHeader(jws, "fb-message+jws");
    expect(next).toMatchObject({ ok: true, kid: "kid-memo-5", header: { kid: "kid-memo-5" } });
  });

  it("stays right past its bound (many distinct senders)", () => {
    const jwsOf = (i: number) => `${header({ kid: `kid-many-${i}` })}.${b64({ i })}.${sig}`;
    for (let i = 0; i < 3000; i++) {
      const r = checkJwsHeader(jwsOf(i), "fb-message+jws");
      expect(r.ok && r.kid).toBe(`kid-many-${i}`);
    }
    expect(checkJwsHeader(jwsOf(7), "fb-message+jws")).toMatchObject({ ok: true, kid: "kid-many-7" });
  });
});
