import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DigestMessagePayload, ZDigestMessagePayload } from "../../../sdk/index.ts";

// The sidecar checks every message's payload with DigestMessagePayload, a hand-written copy of the zod
// schema's rules. Whatever the input, it must give zod's answer: the same yes or no, the same data.
const agent = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{1,62}$/);
const nearAgent = fc.oneof(agent, fc.constantFrom("A", "a", "", "-ab", "ab!", "x".repeat(64), "ab".padEnd(63, "z")), fc.string());
const id = fc.oneof(fc.string({ minLength: 1, maxLength: 200 }), fc.constantFrom("", "x".repeat(200), "x".repeat(201)));
const digest = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.constantFrom("", "a".repeat(42), "a".repeat(44), `${"a".repeat(42)}=`, `${"a".repeat(42)}+`));
const iat = fc.oneof(fc.nat(), fc.constantFrom(-1, 0.5, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity), fc.string());

const good = fc.record({ sender: agent, others: fc.array(agent, { maxLength: 5 }), receivers: fc.array(agent, { minLength: 1, maxLength: 4 }),
  messageId: fc.string({ minLength: 1, maxLength: 40 }), parents: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 4 }),
  iat: fc.nat(), bodyDigest: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
  .map(({ sender, others, ...rest }) => ({ ...rest, sender, chain: [...others, sender] }));

// One field of a good payload replaced by something near the edge of its rule, or removed, or an extra added.
const bent = fc.tuple(good, fc.integer({ min: 0, max: 9 }), nearAgent, id, digest, iat, fc.anything()).map(([m, which, a, i, d, t, any]) => {
  const copy: Record<string, unknown> = { ...m };
  switch (which) {
    case 0: copy.sender = a; break;
    case 1: copy.messageId = i; break;
    case 2: copy.receivers = [a]; break;
    case 3: copy.chain = [...m.chain.slice(0, -1), a]; break;
    case 4: copy.bodyDigest = d; break;
    case 5: copy.iat = t; break;
    case 6: copy.parents = [i]; break;
    case 7: delete copy[["messageId", "sender", "receivers", "chain", "parents", "iat", "bodyDigest"][m.iat % 7]!]; break;
    case 8: copy.extra = any; break;
    default: copy.receivers = any; break;
  }
  return copy;
});

const same = (v: unknown) => {
  const fast = DigestMessagePayload.safeParse(v);
  const zod = ZDigestMessagePayload.safeParse(v);
  expect(fast.success).toBe(zod.success);
  if (fast.success && zod.success) expect(fast.data).toEqual(zod.data);
  if (!fast.success && !zod.success) expect(fast.error.issues).toEqual(zod.error.issues);
};

describe("DigestMessagePayload.safeParse gives zod's answer", () => {
  it("on good payloads", () => fc.assert(fc.property(good, (m) => {
    same(m);
    expect(DigestMessagePayload.safeParse(m).success).toBe(true);
  }), { numRuns: 500 }));

  it("on payloads bent at one field", () => fc.assert(fc.property(bent, same), { numRuns: 3000 }));

  it("on anything at all", () => fc.assert(fc.property(fc.anything(), same), { numRuns: 1000 }));

  it("at the edges of the list lengths", () => {
    const base = { messageId: "m1", sender: "ab", receivers: ["cd"], chain: ["ab"], parents: [] as string[], iat: 1, bodyDigest: "a".repeat(43) };
    same(base);
    for (const n of [0, 1, 256, 257]) same({ ...base, receivers: Array(n).fill("cd") });
    for (const n of [0, 1, 64, 65]) same({ ...base, chain: Array(n).fill("ab") });
    for (const n of [0, 256, 257]) same({ ...base, parents: Array(n).fill("p") });
    same({ ...base, chain: ["ab", "cd"] });
  });

  it("keeps only the payload's own fields", () => {
    const r = DigestMessagePayload.safeParse({ messageId: "m1", sender: "ab", receivers: ["cd"], chain: ["ab"], parents: [], iat: 1, bodyDigest: "a".repeat(43), body: "x" });
    expect(r.success && Object.keys(r.data).sort()).toEqual(["bodyDigest", "chain", "iat", "messageId", "parents", "receivers", "sender"]);
  });
});
