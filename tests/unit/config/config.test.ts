import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, VARIABLES } from "../../../lib/server/config/config.ts";

/** The problems a bad environment is refused with (one line per variable). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("the environment was accepted");
}

describe("configuration: defaults", () => {
  it("an empty environment gives today's defaults", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      DATABASE_POOL_SIZE: 10, PORT: 3000, HOST: "127.0.0.1", FIREBREAK_AUDIT_ANCHOR_INTERVAL_S: 60,
      FIREBREAK_TRUSTED_PROXY_HOPS: 0, FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT: 10, FIREBREAK_LOGIN_MAX_FAILURES_PER_ADDRESS: 20,
      FIREBREAK_LOGIN_MAX_FAILURES_PER_ACCOUNT_ADDRESS: 3, FIREBREAK_LOGIN_DELAY_BASE_S: 1, FIREBREAK_LOGIN_DELAY_MAX_S: 900,
      FIREBREAK_OIDC_ROLE_CLAIM: "groups", FIREBREAK_OIDC_NAME: "Single sign-on",
      FIREBREAK_OIDC_ROLE_MAP: "firebreak-admins=admin,firebreak-security=security,firebreak-reviewers=reviewer",
      FIREBREAK_MAX_BATCH_EVENTS: 500, FIREBREAK_MAX_BATCH_BYTES: 1_048_576, FIREBREAK_CLOCK_SKEW_S: 300,
      FIREBREAK_RATE_REQUESTS_PER_S: 200, FIREBREAK_RATE_REQUESTS_BURST: 400, FIREBREAK_RATE_EVENTS_PER_S: 5_000, FIREBREAK_RATE_EVENTS_BURST: 10_000,
      FIREBREAK_ED25519: "libsodium", FIREBREAK_APPROVAL_TTL_S: 900, FIREBREAK_UNREPORTED_TRIP_GRACE_S: 30, FIREBREAK_BREAKER_SWEEP_S: 10,
      FIREBREAK_MAX_PENDING_REVIEWS_PER_RECEIVER: 20, FIREBREAK_SSE_HEARTBEAT_MS: 15_000, FIREBREAK_WEBHOOK_ALLOW: "",
      FIREBREAK_WEBHOOK_BACKOFF_MS: 10_000, FIREBREAK_WEBHOOK_BACKOFF_MAX_MS: 3_600_000, FIREBREAK_WEBHOOK_RETRY_FOR_S: 86_400,
      FIREBREAK_WEBHOOK_DISABLE_AFTER_S: 86_400, FIREBREAK_WEBHOOK_TIMEOUT_MS: 10_000, FIREBREAK_WEBHOOK_POLL_MS: 1_000,
      FIREBREAK_SMTP_FROM: "Firebreak <firebreak@localhost>", FIREBREAK_EMAIL_INTERVAL_S: 30, FIREBREAK_METRICS: "0",
      FIREBREAK_METRICS_MAX_BOUNDARIES: 500,
    });
    // Unset and computed where used: the database path, the worker count, the URLs, the secrets.
    for (const name of ["DATABASE_URL", "FIREBREAK_INGEST_WORKERS", "NEXTAUTH_URL", "NEXTAUTH_SECRET", "FIREBREAK_PUBLIC_URL", "FIREBREAK_SMTP_URL", "FIREBREAK_AUDIT_ANCHOR_FILE"] as const) {
      expect(c[name]).toBeUndefined();
    }
  });

  it("an empty or blank value counts as unset", () => {
    expect(parseConfig({ FIREBREAK_MAX_BATCH_EVENTS: "", FIREBREAK_SMTP_FROM: "", FIREBREAK_INGEST_WORKERS: " " }))
      .toMatchObject({ FIREBREAK_MAX_BATCH_EVENTS: 500, FIREBREAK_SMTP_FROM: "Firebreak <firebreak@localhost>", FIREBREAK_INGEST_WORKERS: undefined });
  });

  it("every variable has a description and says what it accepts", () => {
    for (const [name, v] of Object.entries(VARIABLES)) expect([name, v.doc.length > 10, v.expect.length > 3]).toEqual([name, true, true]);
  });
});

describe("configuration: a bad value is refused naming the variable, the value and what is expected", () => {
  it("ingest limits", () => {
    expect(parseConfig({ FIREBREAK_MAX_BATCH_EVENTS: "1000", FIREBREAK_INGEST_WORKERS: "0", FIREBREAK_ED25519: "node-crypto" }))
      .toMatchObject({ FIREBREAK_MAX_BATCH_EVENTS: 1000, FIREBREAK_INGEST_WORKERS: 0, FIREBREAK_ED25519: "node-crypto" });
    expect(problemsOf({ FIREBREAK_MAX_BATCH_EVENTS: "abc" })).toEqual(['FIREBREAK_MAX_BATCH_EVENTS="abc" is not valid: expected an integer from 1 to 100000']);
    expect(problemsOf({ FIREBREAK_RATE_EVENTS_PER_S: "0" })[0]).toMatch(/^FIREBREAK_RATE_EVENTS_PER_S="0" .* from 1 to/);
    expect(problemsOf({ FIREBREAK_CLOCK_SKEW_S: "2.5" })[0]).toMatch(/^FIREBREAK_CLOCK_SKEW_S="2.5"/);
    expect(problemsOf({ FIREBREAK_ED25519: "openssl" })).toEqual(['FIREBREAK_ED25519="openssl" is not valid: expected one of libsodium, node-crypto']);
  });

  it("sign-in, throttles and single sign-on", () => {
    expect(parseConfig({ FIREBREAK_TRUSTED_PROXY_HOPS: "2", NEXTAUTH_URL: "https://fb.example", FIREBREAK_OIDC_ROLE_MAP: " ops = security , x=admin" }))
      .toMatchObject({ FIREBREAK_TRUSTED_PROXY_HOPS: 2, NEXTAUTH_URL: "https://fb.example" });
    expect(problemsOf({ FIREBREAK_TRUSTED_PROXY_HOPS: "11" })[0]).toMatch(/^FIREBREAK_TRUSTED_PROXY_HOPS="11" .* from 0 to 10$/);
    expect(problemsOf({ FIREBREAK_LOGIN_DELAY_BASE_S: "-1" })[0]).toMatch(/^FIREBREAK_LOGIN_DELAY_BASE_S="-1"/);
    expect(problemsOf({ NEXTAUTH_URL: "firebreak.example" })[0]).toMatch(/^NEXTAUTH_URL="firebreak.example" .* absolute http or https URL$/);
    expect(problemsOf({ FIREBREAK_OIDC_ROLE_MAP: "root=superuser" })[0]).toMatch(/^FIREBREAK_OIDC_ROLE_MAP="root=superuser" .* group=role pairs/);
  });

  it("reviews and the breaker mirror", () => {
    expect(parseConfig({ FIREBREAK_UNREPORTED_TRIP_GRACE_S: "0", FIREBREAK_APPROVAL_TTL_S: "1" })).toMatchObject({ FIREBREAK_UNREPORTED_TRIP_GRACE_S: 0, FIREBREAK_APPROVAL_TTL_S: 1 });
    expect(problemsOf({ FIREBREAK_UNREPORTED_TRIP_GRACE_S: "soon" })[0]).toMatch(/^FIREBREAK_UNREPORTED_TRIP_GRACE_S="soon"/);
    expect(problemsOf({ FIREBREAK_BREAKER_SWEEP_S: "-10" })[0]).toMatch(/^FIREBREAK_BREAKER_SWEEP_S="-10" .* from 1 to 86400$/);
    expect(problemsOf({ FIREBREAK_APPROVAL_TTL_S: "0" })[0]).toMatch(/^FIREBREAK_APPROVAL_TTL_S="0"/);
  });

  it("webhooks, email and metrics", () => {
    expect(parseConfig({ FIREBREAK_WEBHOOK_ALLOW: "hooks.internal, 10.20.0.0/16,127.0.0.1,fd00::/8", FIREBREAK_SMTP_URL: "smtps://u:p@mail.example:465", FIREBREAK_METRICS: "1" }))
      .toMatchObject({ FIREBREAK_METRICS: "1", FIREBREAK_SMTP_URL: "smtps://u:p@mail.example:465" });
    expect(problemsOf({ FIREBREAK_WEBHOOK_ALLOW: "ok.example,bad host/8" })[0]).toMatch(/^FIREBREAK_WEBHOOK_ALLOW="ok.example,bad host\/8" .* host names, IP addresses or CIDRs$/);
    expect(problemsOf({ FIREBREAK_METRICS: "yes" })[0]).toMatch(/^FIREBREAK_METRICS="yes" .* one of 0, 1$/);
    expect(problemsOf({ FIREBREAK_PUBLIC_URL: "ftp://x.example" })[0]).toMatch(/^FIREBREAK_PUBLIC_URL=/);
  });

  it("the database and the audit anchor; values that may hold a password are not printed", () => {
    expect(parseConfig({ DATABASE_URL: "postgresql://u:p@db/fb", DATABASE_POOL_SIZE: "30" })).toMatchObject({ DATABASE_POOL_SIZE: 30 });
    expect(problemsOf({ DATABASE_URL: "mysql://u:hunter2@db/fb" })).toEqual(["DATABASE_URL (value not shown) is not valid: expected file:PATH, :memory: or postgresql://…"]);
    expect(problemsOf({ FIREBREAK_SMTP_URL: "mail://u:hunter2@x" })[0]).not.toContain("hunter2");
    expect(problemsOf({ FIREBREAK_AUDIT_ANCHOR_INTERVAL_S: "1m" })[0]).toMatch(/^FIREBREAK_AUDIT_ANCHOR_INTERVAL_S="1m"/);
  });

  it("every bad value is named at once, not only the first", () => {
    expect(problemsOf({ FIREBREAK_MAX_BATCH_EVENTS: "x", PORT: "70000", FIREBREAK_METRICS: "on" }).map((p) => p.split(/[= ]/)[0]))
      .toEqual(["PORT", "FIREBREAK_MAX_BATCH_EVENTS", "FIREBREAK_METRICS"]);
  });
});
