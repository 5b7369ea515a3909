import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { JwksCache } from "../../../sdk/keys/jwks-cache.ts";
import { testClock } from "./support/clock.ts";
import { testKey } from "./support/keys.ts";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A real HTTP server publishing one key set with an ETag; it answers 304 to a matching If-None-Match and counts. */
async function publish(keys: object[], delayMs = 0) {
  const seen = { full: 0, notModified: 0 };
  const body = JSON.stringify({ keys });
  server = createServer((req, res) => {
    setTimeout(() => {
      if (req.headers["if-none-match"] === '"v1"') {
        seen.notModified++;
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      seen.full++;
      res.writeHead(200, { "content-type": "application/json", etag: '"v1"' }).end(body);
    }, delayMs);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", () => r()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/jwks`, seen };
}

describe("agent key cache", () => {
  it("a second caller arriving while the first fetch is in flight gets the key, not 'no published key'", async () => {
    const k = await testKey();
    const { url, seen } = await publish([{ ...k.publicJwk, sub: "agent-a" }], 50);
    const cache = new JwksCache({ url, fetch, clock: testClock(), logger: quiet });
    const [first, second] = await Promise.all([cache.get(k.kid), cache.get(k.kid)]);
    expect(first?.owner).toBe("agent-a");
    expect(second?.owner).toBe("agent-a");
    expect(seen.full).toBe(1);
  });

  it("a stale set is revalidated with If-None-Match: an unchanged set comes back as 304 and the keys stay usable", async () => {
    const k = await testKey();
    const { url, seen } = await publish([{ ...k.publicJwk, sub: "agent-a" }]);
    const clock = testClock();
    const cache = new JwksCache({ url, fetch, clock, logger: quiet, maxAgeMs: 5_000 });
    expect((await cache.get(k.kid))?.owner).toBe("agent-a");
    clock.advance(6_000);
    expect((await cache.get(k.kid))?.owner).toBe("agent-a");
    clock.advance(6_000);
    expect((await cache.get(k.kid))?.owner).toBe("agent-a");
    expect(seen).toEqual({ full: 1, notModified: 2 });
  });
});
