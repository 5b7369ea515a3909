// A bare node:http proxy pair (no Firebreak work): the floor a node:http sidecar pair stands on.
import http from "node:http";
import type { AddressInfo } from "node:net";
const answer = JSON.stringify({ jsonrpc: "2.0", id: 1, result: { message: { messageId: "r-b-1", contextId: "ctx-1", role: "ROLE_AGENT", parts: [{ data: { price: 42 } }] } } });
const listen = (s: http.Server) => new Promise<string>((r) => s.listen(0, "127.0.0.1", () => r(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
const agent = http.createServer((req, res) => { req.resume(); req.on("end", () => res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer)); });
const upstream = await listen(agent);
const ka = new http.Agent({ keepAlive: true, maxSockets: 256 });
const read = (m: http.IncomingMessage) => new Promise<Buffer>((r) => { const c: Buffer[] = []; m.on("data", (d) => c.push(d)).on("end", () => r(Buffer.concat(c))); });
function proxy(target: string) {
  return http.createServer(async (req, res) => {
    const body = await read(req);
    const up = http.request(`${target}${req.url}`, { method: "POST", agent: ka, headers: { "content-type": "application/json", "content-length": body.length, "firebreak-message": "x".repeat(400) } });
    up.on("socket", (s) => s.setNoDelay(true));
    up.on("response", async (r) => { const b = await read(r); res.writeHead(r.statusCode!, { "content-type": "application/json", "content-length": b.length, "firebreak-message": "y".repeat(400) }).end(b); });
    up.end(body);
  });
}
const b = await listen(proxy(upstream));
const a = await listen(proxy(b));
const clientAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "SendMessage", params: { message: { messageId: `b-1`, role: "ROLE_USER", parts: [{ data: { sku: "bolt", qty: 3 } }] } } });
const post = () => new Promise<void>((resolve, reject) => { const r = http.request(`${a}/x`, { method: "POST", agent: clientAgent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => { res.resume(); res.on("end", resolve); }); r.on("error", reject); r.end(body); });
for (let i = 0; i < 500; i++) await post();
const c0 = process.cpuUsage(); let done = 0; const end = performance.now() + 3000;
await Promise.all(Array.from({ length: 16 }, async () => { while (performance.now() < end) { await post(); done++; } }));
const c = process.cpuUsage(c0);
console.log(`one process runs client + 2 proxies + agent: ${done} msgs, ${((c.user + c.system) / done).toFixed(0)} µs CPU per message in all (user ${(c.user / done).toFixed(0)}, sys ${(c.system / done).toFixed(0)})`);
process.exit(0);
