import { describe, expect, it } from "vitest";
import { passwordProblem } from "../../../lib/domain/password-rules.ts";
import { safeCallbackPath } from "../../../lib/domain/safe-callback.ts";

describe("password rules", () => {
  it.each(["password1234", "Password1234!", "!!Qwertyuiop99", "123456789012", "111111111111", "123123123123", "passwordpassword", "iloveyou2026!!", "abcdefghijklm"])(
    "%s is refused as common",
    (pw) => expect(passwordProblem(pw)).toMatch(/common/),
  );

  it("short, and containing the email (or its local part), are refused; unusual phrases pass", () => {
    expect(passwordProblem("short")).toMatch(/12 characters/);
    expect(passwordProblem("x-marguerite-2026-x", "Marguerite@example.test")).toMatch(/email/);
    expect(passwordProblem("correct horse battery staple", "ann@example.test")).toBeNull();
    expect(passwordProblem("the right password")).toBeNull();
  });
});

describe("after sign-in, a same-origin path or /", () => {
  const origin = "https://firebreak.example";
  it.each([
    ["/agents?x=1#h", "/agents?x=1#h"],
    ["/.//evil.example/x", "/"],
    ["/%2e//evil.example/x", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example/x", "/"],
    ["https://evil.example/x", "/"],
    ["https://firebreak.example/reviews", "/reviews"],
    ["javascript:alert(1)", "/"],
    [null, "/"],
  ])("%s → %s", (given, want) => expect(safeCallbackPath(given, origin)).toBe(want));
});
