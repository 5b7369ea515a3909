import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "../factories/agents.ts";
import { postEvents } from "../factories/http.ts";
import { asUser, sessionAs } from "../factories/session.ts";

// What outside clients (a Python signer, the CloudEvents SDKs) send that our own SDK never does.
let a: TestAgent;
let b: TestAgent;
beforeAll(async () => {
  a = await createTestAgent("interop-s");
  b = await createTestAgent("interop-r");
});

const validated = () => cloudEvent(b, "message.validated", validatedData(a.id, b.id));
const isStored = async (id: string) => (await getDb().event.count({ where: { source: b.id, eventId: id } })) === 1;

/** Posts the odd event between two good ones; both good ones must be stored whatever happens to it. */
async function between(odd: string) {
  const [before, after] = [validated(), validated()];
  const res = await postEvents([await signAs(b, before), odd, await signAs(b, after)]);
  expect(res.status).toBe(207);
  expect(res.body.results[0].status).toBe("accepted");
  expect(res.body.results[2].status).toBe("accepted");
  expect(await isStored(before.id)).toBe(true);
  expect(await isStored(after.id)).toBe(true);
  return res.body.results[1];
}

describe("ingest: what outside clients send", () => {
  it("CloudEvents attributes set to null are unset, not invalid", async () => {
    const e = { ...validated(), subject: null, dataschema: null, datacontenttype: null };
    expect(await between(await signAs(b, e))).toMatchObject({ status: "accepted", id: e.id });
  });

  it("padded base64url (as Python's urlsafe_b64encode writes it) is malformed_jws and says padding is not allowed", async () => {
    const jws = await signAs(b, validated());
    const pad = (part: string) => part + "=".repeat((4 - (part.length % 4)) % 4);
    for (const odd of [jws.split(".").map(pad).join("."), `${jws}==`]) {
      const r = await between(odd);
      expect(r.status).toBe("rejected");
      expect(r.error.code).toBe("malformed_jws");
      expect(r.error.detail).toMatch(/padding/);
    }
  });

  it("a payload naming a member twice is invalid_event, whichever copy is right", async () => {
    const e = validated();
    const text = JSON.stringify(e).replace(`"source":"${b.id}"`, `"source":"${a.id}","source":"${b.id}"`);
    expect(text).toContain(`"source":"${a.id}"`);
    const r = await between(await signAs(b, text));
    expect(r).toMatchObject({ status: "rejected", error: { code: "invalid_event" } });
    expect(r.error.detail).toMatch(/source.*more than once|duplicate/i);
    expect(await isStored(e.id)).toBe(false);
  });

  it("a duplicate member deep inside data is refused too", async () => {
    const e = validated();
    const text = JSON.stringify(e).replace(`"outcome":"accepted"`, `"outcome":"rejected","outcome":"accepted"`);
    const r = await between(await signAs(b, text));
    expect(r).toMatchObject({ status: "rejected", error: { code: "invalid_event" } });
  });

  it("errors say what shape is expected: source is the agent id, not a URI; data is a JSON object", async () => {
    const uri = await between(await signAs(b, { ...validated(), source: `https://agents.example/${b.id}` }));
    expect(uri.status).toBe("rejected");
    expect(uri.error.detail).toMatch(/agent id/);
    expect(uri.error.detail).toMatch(/not a URI/);
    const data = await between(await signAs(b, { ...validated(), data: "a string" }));
    expect(data.error.code).toBe("invalid_event");
    expect(data.error.detail).toMatch(/data.*JSON object/);
  });
});

describe("agent keys: one key, one spelling", () => {
  async function offCanonicalX() {
    const { publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const jwk = await exportJWK(publicKey);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = alphabet.indexOf(jwk.x!.at(-1)!);
    // The last of 43 characters carries 2 unused bits: set one, and the bytes stay the same.
    return { kty: "OKP", crv: "Ed25519", x: jwk.x!.slice(0, -1) + alphabet[last | 1] };
  }

  it("a public key whose x has non-zero unused bits is refused at registration and at add-key (422)", async () => {
    const admin = await sessionAs("admin");
    const publicJwk = await offCanonicalX();
    const id = `odd-key-${randomUUID().slice(0, 6)}`;
    const reg = await asUser(admin, "/api/v1/agents", { method: "POST", body: JSON.stringify({ id, name: "Odd key", publicJwk }) });
    expect(reg.status).toBe(422);
    expect(JSON.stringify(await reg.json())).toMatch(/unused bits|canonical/);
    const add = await asUser(admin, `/api/v1/agents/${a.id}/keys`, { method: "POST", body: JSON.stringify({ publicJwk }) });
    expect(add.status).toBe(422);
  });
});
