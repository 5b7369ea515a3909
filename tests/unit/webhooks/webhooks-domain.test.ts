import { describe, expect, it } from "vitest";
import { reviewMail } from "../../../lib/domain/review-mail.ts";
import { webhookBody } from "../../../lib/domain/webhook-message.ts";
import { backoffMs } from "../../../lib/domain/webhooks.ts";
import { refuseAddress, webhookAllowList } from "../../../lib/server/webhooks/target-guard.ts";

describe("webhook retries back off exponentially with jitter, capped", () => {
  const s = { baseMs: 1_000, maxMs: 60_000 };
  it("doubles per attempt between half and all of the ceiling, and never passes the cap", () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, s, 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect([1, 2, 3, 4].map((a) => backoffMs(a, s, 0.999999))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(30, s, 0.5)).toBe(45_000);
    expect(backoffMs(10_000, s, 1)).toBe(60_000);
  });
});

describe("webhook targets: private addresses are refused unless allowed", () => {
  const none = webhookAllowList("");
  it.each(["10.0.0.1", "127.0.0.1", "169.254.169.254", "172.16.5.4", "192.168.0.1", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1"])("%s is refused", (addr) => {
    expect(refuseAddress(addr, "h.example", none)).toMatch(/private, loopback or link-local/);
  });
  it.each(["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"])("%s is allowed", (addr) => {
    expect(refuseAddress(addr, "h.example", none)).toBeNull();
  });
  it("FIREBREAK_WEBHOOK_ALLOW names hosts, addresses and CIDRs", () => {
    const allow = webhookAllowList("hooks.internal, 10.20.0.0/16,127.0.0.1");
    expect(refuseAddress("10.1.1.1", "hooks.internal", allow)).toBeNull();
    expect(refuseAddress("10.20.3.4", "x", allow)).toBeNull();
    expect(refuseAddress("127.0.0.1", "x", allow)).toBeNull();
    expect(refuseAddress("127.0.0.2", "x", allow)).not.toBeNull();
    expect(() => webhookAllowList("bad host/8")).toThrow(/neither a host name nor an address/);
  });
});

describe("webhook bodies", () => {
  const data = { reviewId: "rev_1", boundaryId: "bnd_1", sender: "a", receiver: "b", epoch: 2, reason: "anomaly_rate", anomalyRate: 0.3, rejectedMessages: 4, blastRadius: ["b", "c"], requiredApprovals: 1 };
  it("a standard body carries type, timestamp, data and a link to the review", () => {
    const body = JSON.parse(webhookBody({ kind: "review.opened", data, format: "standard", timestamp: new Date("2026-12-01T00:00:00Z"), baseUrl: "https://fb.example/" }));
    expect(body).toEqual({ type: "review.opened", timestamp: "2026-12-01T00:00:00.000Z", data: { ...data, url: "https://fb.example/reviews#rev_1" } });
  });
  it("a Slack message names the boundary, reason, evidence, blast radius and links to the review", () => {
    const { text } = JSON.parse(webhookBody({ kind: "review.opened", data, format: "slack", timestamp: new Date(), baseUrl: "https://fb.example" }));
    expect(text).toContain("a → b tripped (epoch 2) — anomaly_rate");
    expect(text).toContain("4 rejected message(s), anomaly rate 0.3");
    expect(text).toContain("Blast radius: b, c");
    expect(text).toContain("<https://fb.example/reviews#rev_1|Open the review>");
  });
});

describe("reviews-waiting email", () => {
  const r = (n: number) => ({ id: `rev_${n}`, sender: `s${n}`, receiver: "r<x>", epoch: 1, reason: "failure_threshold", createdAt: "2026-12-01T00:00:00Z" });
  it("one review is one message; many are one digest; HTML is escaped", () => {
    expect(reviewMail([r(1)], "https://fb.example").subject).toBe("Review waiting: s1 → r<x>");
    const digest = reviewMail([r(1), r(2), r(3)], "https://fb.example");
    expect(digest.subject).toBe("3 reviews waiting in Firebreak");
    expect(digest.text).toContain("- s2 → r<x> (epoch 1): failure_threshold\n  https://fb.example/reviews#rev_2");
    expect(digest.html).toContain("s3 → r&lt;x&gt;");
    expect(digest.html).not.toContain("r<x>");
  });
});
