// A consumer of the packed SDK, run by plain node in an empty project: A signs a message, B verifies it.
import { createAgent, silentLogger } from "@firebreak/sdk";

const { cp, a, b } = JSON.parse(process.env.FB_CONSUMER);
const agent = (id, privateJwk) => createAgent({ id, privateJwk, controlPlaneUrl: cp, logger: silentLogger });
const [sender, receiver] = [agent("agent-a", a), agent("agent-b", b)];

const sent = await sender.send(["agent-b"], { price: 42 }, { parents: [] });
const got = await receiver.receive(sent.envelope, [(m) => ({ ok: m.body.price > 0, anomalyScore: 0.1 })]);
const [h, p, s] = sent.envelope.split(".");
const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url")), body: { price: 1 } })).toString("base64url");
const tampered = await receiver.receive(`${h}.${forged}.${s}`);
await Promise.all([sender.close(), receiver.close()]);
console.log(JSON.stringify({ accepted: got.accepted, body: got.body, tampered: { accepted: tampered.accepted, reasons: tampered.reasons } }));
