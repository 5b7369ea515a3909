import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bodyDigest } from "../../../sidecar/wire/digest.ts";
import { parseBlock, SseSplitter, withoutSignature, withSignature } from "../../../sidecar/wire/sse.ts";
import { rewriteCardUrls } from "../../../sidecar/cards.ts";

describe("sidecar wire pieces", () => {
  it("bodyDigest is the base64url SHA-256 of the exact bytes (one space changes it)", () => {
    const body = '{"a":1}';
    expect(bodyDigest(body)).toBe(createHash("sha256").update(body).digest("base64url"));
    expect(bodyDigest(body)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bodyDigest('{"a": 1}')).not.toBe(bodyDigest(body));
    expect(bodyDigest(Buffer.from("héllo"))).toBe(bodyDigest("héllo"));
  });

  it("SSE: blocks split across chunks and line endings come out whole; data lines are joined as EventSource does", () => {
    const s = new SseSplitter(1000);
    expect(s.push(Buffer.from("data: {\"a\":"))).toEqual([]);
    const blocks = s.push(Buffer.from("1}\n\n: keep-alive\n\nevent: x\r\ndata: one\r\ndata: two\r\n\r\n"));
    expect(blocks.map((b) => b.data)).toEqual(['{"a":1}', undefined, "one\ntwo"]);
    expect(blocks[2].eol).toBe("\r\n");
    expect(s.end()).toBeUndefined();
  });

  it("SSE: a signature field is added and stripped leaving the rest byte-identical", () => {
    const raw = "id: 7\ndata: {\"x\":1}";
    const signed = withSignature(parseBlock(raw), "a.b.c");
    expect(signed).toBe(`${raw}\nfirebreak: a.b.c\n\n`);
    const back = parseBlock(signed.slice(0, -2));
    expect(back.firebreak).toBe("a.b.c");
    expect(withoutSignature(back)).toBe(`${raw}\n\n`);
  });

  it("SSE: an event larger than the limit is an error before it is kept", () => {
    const s = new SseSplitter(10);
    expect(() => s.push(Buffer.from("data: 0123456789abcdef"))).toThrow(/over 10 bytes/);
  });

  it("agent cards: every interface URL (v1.0 and v0.3 shapes) moves under the sidecar, paths kept", () => {
    const card = { name: "a", url: "http://10.0.0.1:8101/a2a/jsonrpc", supportedInterfaces: [{ url: "http://10.0.0.1:8101/a2a/jsonrpc", protocolBinding: "JSONRPC" }], additionalInterfaces: [{ url: "http://h/rest?x=1" }] };
    expect(rewriteCardUrls(card, "http://127.0.0.1:9201/peers/a")).toEqual({
      name: "a", url: "http://127.0.0.1:9201/peers/a/a2a/jsonrpc",
      supportedInterfaces: [{ url: "http://127.0.0.1:9201/peers/a/a2a/jsonrpc", protocolBinding: "JSONRPC" }],
      additionalInterfaces: [{ url: "http://127.0.0.1:9201/peers/a/rest?x=1" }],
    });
  });
});
