import { describe, expect, it } from "vitest";
import { checkRequestClaims } from "../../../lib/domain/request-claims.ts";

const NOW = 1_800_000_000;
const rules = { audience: "firebreak", nowS: NOW, toleranceS: 5, maxLifetimeS: 60 };
const good = { sub: "a1", aud: "firebreak", iat: NOW, exp: NOW + 30, jti: "j1" };
const detail = (claims: unknown) => {
  const r = checkRequestClaims(claims, rules);
  return r.ok ? "accepted" : r.detail;
};

describe("request token claims (what jose's jwtVerify checked, and the token's own rules)", () => {
  it("accepts a fresh token for firebreak, alone or with a replica", () => {
    expect(detail(good)).toBe("accepted");
    expect(detail({ ...good, aud: ["firebreak", "firebreak:replica:x"] })).toBe("accepted");
    expect(detail({ ...good, nbf: NOW + 5 })).toBe("accepted");
    expect(detail({ ...good, exp: NOW - 4, iat: NOW - 34 })).toBe("accepted"); // within the clock tolerance
  });

  it("refuses what is not a claims object, or lacks a required claim", () => {
    for (const c of [null, "x", [good], 3]) expect(detail(c)).toMatch(/JSON object/);
    for (const name of ["sub", "aud", "iat", "exp", "jti"]) {
      const { [name as keyof typeof good]: _, ...rest } = good;
      expect(detail(rest)).toBe(`missing required "${name}" claim`);
    }
  });

  it("refuses a wrong audience, or one naming only a replica", () => {
    expect(detail({ ...good, aud: "someone-else" })).toMatch(/aud/);
    expect(detail({ ...good, aud: ["firebreak:replica:x"] })).toMatch(/aud/);
    expect(detail({ ...good, aud: ["firebreak", 3] })).toMatch(/array of strings/);
  });

  it("refuses an expired token, one not valid yet, one issued in the future, and one living over 60 s", () => {
    expect(detail({ ...good, iat: NOW - 120, exp: NOW - 70 })).toMatch(/"exp" claim timestamp/);
    expect(detail({ ...good, exp: NOW - 5, iat: NOW - 35 })).toMatch(/"exp" claim timestamp/);
    expect(detail({ ...good, nbf: NOW + 6 })).toMatch(/"nbf"/);
    expect(detail({ ...good, iat: NOW + 6, exp: NOW + 36 })).toMatch(/future/);
    expect(detail({ ...good, exp: NOW + 61 })).toMatch(/60 s/);
  });

  it("refuses times that are not numbers and a jti that is not a short string", () => {
    expect(detail({ ...good, exp: String(NOW + 30) })).toMatch(/"exp" claim must be a number/);
    expect(detail({ ...good, iat: null })).toMatch(/"iat" claim must be a number/);
    expect(detail({ ...good, sub: 1 })).toMatch(/"sub"/);
    expect(detail({ ...good, jti: "" })).toMatch(/jti/);
    expect(detail({ ...good, jti: "x".repeat(201) })).toMatch(/jti/);
  });
});
