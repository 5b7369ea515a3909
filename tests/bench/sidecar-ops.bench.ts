// npm run bench -- sidecar: also prints what each step a sidecar takes per message costs alone (CPU µs per call),
// so the sidecar bench's per-message figure can be split (see docs/benchmarks.md#sidecar).
import { generateKeyPairSync, verify } from "node:crypto";
import { exportJWK, importJWK, type CryptoKey, type JWK } from "jose";
import { EVENT_DATA_SCHEMAS } from "../../lib/domain/events.ts";
import { checkJwsHeader } from "../../lib/domain/jws-header.ts";
import { ZDigestMessagePayload } from "../../sdk/index.ts";
import { keyObject } from "../../sdk/keys/key-object.ts";
import { signJson } from "../../sdk/keys/signer.ts";
import { cloudEvent } from "../../sdk/reporter/cloud-event.ts";
import { requestKeys, responseKeys } from "../../sidecar/a2a.ts";
import { parseRpc } from "../../sidecar/message.ts";
import { bodyDigest } from "../../sidecar/wire/digest.ts";

const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const key = (await importJWK({ ...(await exportJWK(privateKey)), kid: "k1" } as JWK, "EdDSA")) as CryptoKey;
const pub = (await importJWK(await exportJWK(publicKey), "EdDSA")) as CryptoKey;

/** Prints the CPU time one call of `f` takes, over `n` calls after a warm-up. */
function time(name: string, n: number, f: () => unknown): void {
  for (let i = 0; i < Math.min(n, 2000); i++) f();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) f();
  const c = process.cpuUsage(c0);
  console.log(`  ${name.padEnd(44)} ${((c.user + c.system) / n).toFixed(1).padStart(6)} µs`);
}

const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: "b-1", role: "ROLE_USER", parts: [{ data: { sku: "bolt", qty: 3 } }] } } });
const answer = JSON.stringify({ jsonrpc: "2.0", id: 1, result: { message: { messageId: "r-b-1", contextId: "ctx-1", taskId: "", role: "ROLE_AGENT", parts: [{ data: { price: 42 } }] } } });
const payload = { messageId: "msg-0192f0c4-9b1e-7a3c-8d2e-0123456789ab", sender: "bench-caller", receivers: ["bench-server"], bodyDigest: bodyDigest(body), chain: ["bench-caller"], parents: [], iat: 1 };
const data = { messageId: payload.messageId, sender: "bench-server", receiver: "bench-caller", outcome: "accepted", reasons: [], anomalyScore: 0, chain: ["bench-caller", "bench-server"], parents: [payload.messageId], fanOut: 1 };
const jws = await signJson(payload, "fb-message+jws", { kid: "k1", key });
const [h, p, s] = jws.split(".");

console.log("one step of a sidecar, alone (CPU per call):");
time("sign a message (Ed25519, cached KeyObject)", 3000, () => void signJson(payload, "fb-message+jws", { kid: "k1", key }));
time("verify a message's signature", 3000, () => verify(null, Buffer.from(`${h}.${p}`), keyObject(pub), Buffer.from(s, "base64url")));
time("check the JWS header", 20000, () => checkJwsHeader(jws, "fb-message+jws"));
time("check the message payload (zod)", 20000, () => ZDigestMessagePayload.safeParse(payload));
time("check a reported event's data (zod)", 20000, () => EVENT_DATA_SCHEMAS["firebreak.message.validated"].safeParse(data));
time("build the CloudEvent", 20000, () => cloudEvent("bench-server", "firebreak.message.validated", data, Date.now()));
time("parse the body (JSON-RPC)", 20000, () => parseRpc(Buffer.from(answer)));
time("body digest (SHA-256)", 20000, () => bodyDigest(Buffer.from(answer)));
time("A2A contextId/taskId of a request", 20000, () => requestKeys(parseRpc(body)));
time("A2A contextId/taskId of an answer", 20000, () => responseKeys(parseRpc(answer)));
