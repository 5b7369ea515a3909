// A bare node:http proxy, the floor the sidecar bench compares against: it reads a whole request, forwards it
// on a kept-alive connection, reads the whole answer and writes it back, as a sidecar does, and nothing else
// (no signature, no breaker, no report). Run: node --import tsx tests/bench/bare-proxy.ts PORT UPSTREAM_URL
import http, { type IncomingMessage } from "node:http";

const [port, upstream] = [Number(process.argv[2]), process.argv[3]];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const HOP = ["connection", "keep-alive", "transfer-encoding", "host", "content-length"];
const pass = (h: http.IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => !HOP.includes(k)));
const read = (m: IncomingMessage) => new Promise<Buffer>((resolve, reject) => {
  const chunks: Buffer[] = [];
  m.on("data", (c: Buffer) => chunks.push(c)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
});

function send(req: IncomingMessage, res: http.ServerResponse, body: Buffer, mayRetry: boolean): void {
  const up = http.request(`${upstream}${req.url}`, { method: req.method, agent, headers: { ...pass(req.headers), "content-length": body.length } });
  up.on("socket", (s) => s.setNoDelay(true));
  up.on("response", (answer) => void read(answer).then((b) => res.writeHead(answer.statusCode ?? 502, { ...pass(answer.headers), "content-length": b.length }).end(b)));
  // As the sidecar does: a kept-alive connection the upstream closed as it was reused is retried once.
  up.on("error", () => (mayRetry && up.reusedSocket ? send(req, res, body, false) : res.writeHead(502).end()));
  up.end(body);
}

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => void read(req).then((body) => send(req, res, body, true)));
server.listen(port, "127.0.0.1", () => console.log(`bare proxy listening on ${port}`));
process.once("SIGTERM", () => process.exit(0)); // an orderly exit, so --cpu-prof writes its profile
