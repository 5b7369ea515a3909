import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bodyDigest } from "../../../sidecar/wire/digest.ts";
import { parseBlock, signedText, SseSplitter, withoutSignature, withSignature } from "../../../sidecar/wire/sse.ts";
import { cardPathOf, isCardPath, rewriteCardUrls } from "../../../sidecar/cards.ts";
import { specEvents } from "../../support/sse-spec.ts";

/** Feeds `text` to a splitter in pieces of `size` characters; returns the blocks and what the sidecar would pass on. */
function split(text: string, size: number) {
  const s = new SseSplitter(1 << 20);
  const blocks = [];
  for (let i = 0; i < text.length; i += size) blocks.push(...s.push(Buffer.from(text.slice(i, i + size))));
  const last = s.end();
  return { blocks: last ? [...blocks, last] : blocks, passed: blocks.map((b) => withoutSignature(b)).join("") };
}

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

  it("SSE: what an event's signature covers is every line but the signature, in order, whatever the line endings", () => {
    const raw = ": note\r\nevent: update\r\nid: 7\r\nretry: 500\r\ndata: {\"x\":1}";
    const signed = parseBlock(withSignature(parseBlock(raw, "\r\n"), "a.b.c").slice(0, -4), "\r\n");
    expect(signedText(signed)).toBe(": note\nevent: update\nid: 7\nretry: 500\ndata: {\"x\":1}");
    expect(signedText(parseBlock(raw.replaceAll("\r\n", "\n")))).toBe(signedText(signed));
    for (const changed of [raw.replace("update", "error"), raw.replace("id: 7", "id: 8"), raw.replace("retry: 500\r\n", ""), raw.replace(": note", ": other"), `id: 7\r\n${raw.replace("id: 7\r\n", "")}`]) {
      expect(signedText(parseBlock(changed))).not.toBe(signedText(signed));
    }
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

  it("SSE: lines end at CRLF, LF or a bare CR, as the WHATWG rules say; the sidecar sees exactly the events a client sees, however the bytes are cut", () => {
    const streams = [
      'data: {"ok":1}\nfirebreak: JWS\n\rdata: {"evil":1}\n\n',
      '\rdata: INJECTED\n\n',
      "data: a\r\rdata: b\r\n\r\ndata: c\n\r\n: c\rdata: d\r\r",
      "data: one\rdata: two\n\nevent: x\r\ndata:\r\n\r\n",
    ];
    for (const text of streams) {
      for (const size of [text.length, 1, 2, 3, 7]) {
        const { blocks, passed } = split(text, size);
        expect(blocks.filter((b) => b.data !== undefined).map((b) => b.data)).toEqual(specEvents(text));
        expect(specEvents(passed)).toEqual(specEvents(text));
      }
    }
  });

  it("SSE: a block without data keeps only its comment lines, so a client dispatches nothing from it", () => {
    const { blocks, passed } = split(": keep-alive\nevent: message\nid: 9\nretry: 1\nfirebreak: x\n\n", 1000);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].data).toBeUndefined();
    expect(passed).toBe(": keep-alive\n\n");
  });

  it("SSE: each character is examined once, however small the pieces (1 MiB in 100-byte pieces)", () => {
    const s = new SseSplitter(2 << 20);
    const piece = Buffer.from(`data: ${"x".repeat(94)}`);
    for (let i = 0; i < 10_486; i++) expect(s.push(piece)).toEqual([]);
    expect(s.push(Buffer.from("\n\n"))[0].data).toHaveLength(10_486 * 100 - 6);
    expect(s.scanned).toBe(10_486 * 100 + 2);
  });

  it("agent cards: only the card paths themselves (a query ignored) are card requests, and the path asked upstream is the fixed one", () => {
    expect(cardPathOf("/.well-known/agent-card.json")).toBe("/.well-known/agent-card.json");
    expect(cardPathOf("/.well-known/agent.json?x=/internal/state")).toBe("/.well-known/agent.json");
    for (const target of ["/internal/state?x=/.well-known/agent.json", "/admin/.well-known/agent.json", "//.well-known/agent.json", "ab://x/.well-known/agent.json", "/anything?/.well-known/agent-card.json", "/.well-known/agent.jsonx", "/.well-known/agent-card.json/x"]) {
      expect([target, isCardPath(target), cardPathOf(target)]).toEqual([target, false, undefined]);
    }
  });
});
