import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER, watchPeerAddresses } from "../../../lib/server/http/peer-address.ts";
import { setEnv } from "../../support/env.ts";

const hops = (n: string | undefined) => void setEnv({ FIREBREAK_TRUSTED_PROXY_HOPS: n });
afterEach(() => hops(undefined));

describe("the client address", () => {
  const request = { [PEER_HEADER]: "10.0.0.5", "x-forwarded-for": "203.0.113.9, 198.51.100.4, 10.0.0.9" };

  it("is unknown (one shared bucket) until the server stamps requests, whatever the client wrote", () => {
    expect(clientAddress({ ...request })).toBe("unknown");
  });

  it("is the socket's by default, and the entry the outermost of N trusted proxies appended otherwise", () => {
    watchPeerAddresses();
    expect(clientAddress(request)).toBe("10.0.0.5");
    hops("1");
    expect(clientAddress(request)).toBe("10.0.0.9");
    hops("2");
    expect(clientAddress(new Headers(request))).toBe("198.51.100.4");
    hops("5");
    expect(clientAddress(request)).toBe("203.0.113.9");
    expect(clientAddress({ [PEER_HEADER]: "10.0.0.5" })).toBe("10.0.0.5");
  });

  it("refuses a proxy count that is not 0-10", () => {
    hops("-1");
    expect(() => clientAddress(request)).toThrow(/FIREBREAK_TRUSTED_PROXY_HOPS/);
  });
});
