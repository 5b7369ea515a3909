// Signs one firebreak.policy.violation event with an agent's private key and posts it to Firebreak.
// usage: node examples/post-event.mjs AGENT_ID FILE.jwk.json [http://localhost:3000]
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { CompactSign, importJWK } from "jose";

const [agentId, keyFile, base = "http://localhost:3000"] = process.argv.slice(2);
const jwk = JSON.parse(readFileSync(keyFile, "utf8"));
const key = await importJWK(jwk, "EdDSA");

const event = {
  specversion: "1.0",
  id: `evt-${randomUUID()}`,
  source: agentId,
  type: "firebreak.policy.violation",
  time: new Date().toISOString(),
  data: { rule: "fan_out", detail: "tried to notify 5 agents; the cap is 3", count: 5 },
};
const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(event)))
  .setProtectedHeader({ alg: "EdDSA", kid: jwk.kid, typ: "fb-event+jws" })
  .sign(key);

const res = await fetch(`${base}/api/v1/events`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ events: [jws] }),
});
console.log(res.status, JSON.stringify(await res.json()));
