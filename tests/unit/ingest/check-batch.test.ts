import { generateKeyPairSync } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { CompactSign, importJWK, type CryptoKey, type JWK } from "jose";
import { verifyAndCheck, type CheckItem } from "../../../lib/server/ingest/check-batch.ts";
import { CheckPool } from "../../../lib/server/ingest/check-pool.ts";

async function agentKey(id: string) {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  return { id, kid: `kid-${id}`, x: jwk.x!, key: (await importJWK(jwk, "EdDSA")) as CryptoKey };
}

const NOW = Date.UTC(2026, 10, 27, 12);
const ctx = { now: NOW, clockSkewS: 300, maxChainDepth: 8 };

function validated(source: string, n: number) {
  return {
    specversion: "1.0", id: `evt-${n}`, source, type: "firebreak.message.validated", time: new Date(NOW).toISOString(),
    data: { messageId: `msg-${n}`, sender: "upstream", receiver: source, outcome: "accepted", reasons: [], anomalyScore: 0, chain: ["upstream"], parents: [], fanOut: 1 },
  };
}

async function sign(agent: Awaited<ReturnType<typeof agentKey>>, payload: unknown): Promise<CheckItem> {
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: "EdDSA", kid: agent.kid, typ: "fb-event+jws" }).sign(agent.key);
  return { jws, kid: agent.kid, agentId: agent.id, x: agent.x };
}

describe("verifyAndCheck", () => {
  it("accepts a good event and refuses a tampered one, a wrong key, and a bad payload, one outcome each in order", async () => {
    const a = await agentKey("agent-a");
    const b = await agentKey("agent-b");
    const good = await sign(a, validated("agent-a", 1));
    const [h, , s] = good.jws.split(".");
    const tampered = { ...good, jws: `${h}.${Buffer.from(JSON.stringify(validated("agent-a", 2))).toString("base64url")}.${s}` };
    const wrongKey = { ...(await sign(a, validated("agent-a", 3))), x: b.x };
    const notReceiver = await sign(a, { ...validated("agent-a", 4), data: { ...validated("agent-a", 4).data, receiver: "someone-else" } });
    const out = verifyAndCheck([good, tampered, wrongKey, notReceiver], ctx);
    expect(out.map((o) => (o.ok ? `ok ${o.event.id}` : o.error.code))).toEqual(["ok evt-1", "bad_signature", "bad_signature", "not_receiver"]);
  });
});

// A worker thread loads the TypeScript sources through tsx before its first job: seconds on a busy machine.
describe("CheckPool", { timeout: 60_000 }, () => {
  const pool = new CheckPool(2);
  afterAll(() => pool.close());

  it("gives the same outcomes on its worker threads as inline, in input order, for a batch split among workers", async () => {
    const a = await agentKey("agent-a");
    const items = await Promise.all(Array.from({ length: 120 }, (_, n) => sign(a, n % 7 ? validated("agent-a", n) : { ...validated("agent-a", n), time: "not a time" })));
    const fromPool = await pool.run(items, ctx);
    expect(fromPool).toEqual(verifyAndCheck(items, ctx));
    expect(fromPool.filter((o) => !o.ok)).toHaveLength(18);
  });

  it("fails the jobs of a worker that dies, and starts new workers for the next batch", async () => {
    const a = await agentKey("agent-a");
    // Enough work that the workers are still on it when close() ends them (60 events were checked before the
    // termination took effect on an idle machine once the checks got faster).
    const items = await Promise.all(Array.from({ length: 3_000 }, (_, n) => sign(a, validated("agent-a", n))));
    const failed = expect(pool.run(items, ctx)).rejects.toThrow(/check worker/);
    await pool.close(); // the workers stop with the batch on them
    await failed;
    const again = await pool.run(items, ctx);
    expect(again.every((o) => o.ok)).toBe(true);
  });
});
