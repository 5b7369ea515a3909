import { describe, expect, it } from "vitest";
import { jsonPost, parseResponse } from "../../bench/raw-http.ts";

const head = (extra: string) => `HTTP/1.1 207 Multi-Status\r\ncontent-type: application/json\r\n${extra}\r\n`;

describe("the benchmark's HTTP client", () => {
  it("frames a chunked response, waiting until its last chunk is in, and leaves the next response's bytes", () => {
    const whole = Buffer.from(`${head("Transfer-Encoding: chunked\r\n")}5\r\n{"a":\r\n3\r\n12}\r\n0\r\n\r\nHTTP/1.1 200`);
    const end = whole.indexOf("HTTP/1.1 200");
    for (const cut of [10, end - 5, end - 1]) expect(parseResponse(whole.subarray(0, cut))).toBeNull();
    expect(parseResponse(whole)).toEqual({ response: { status: 207, body: '{"a":12}' }, length: end });
  });

  it("frames a response by its Content-Length", () => {
    const body = '{"accepted":100}';
    const whole = Buffer.from(`${head(`Content-Length: ${body.length}\r\n`)}${body}`);
    expect(parseResponse(whole.subarray(0, whole.length - 1))).toBeNull();
    expect(parseResponse(whole)).toEqual({ response: { status: 207, body }, length: whole.length });
  });

  it("writes a POST whose Content-Length counts bytes, not characters", () => {
    const text = jsonPost("127.0.0.1:3000", "/api/v1/events", '{"x":"é"}').toString("utf8");
    expect(text).toBe('POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"x":"é"}');
  });
});
