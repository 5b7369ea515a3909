// A lean HTTP/1.1 client for load generation. The benchmark's client shares the machine with the server it
// measures, so it should cost as little as it can: requests are written as bytes prepared before timing, on
// one keep-alive connection each, and responses are framed by Content-Length or chunked encoding, nothing more.
import net from "node:net";

export type RawResponse = { status: number; body: string };

/** The bytes of a POST with a JSON body, ready to write to a connection. */
export function jsonPost(host: string, path: string, body: string): Buffer {
  const payload = Buffer.from(body, "utf8");
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), payload]);
}

/** One keep-alive connection; one request at a time. */
export class RawHttpConnection {
  private readonly socket: net.Socket;
  private received: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (r: RawResponse) => void; reject: (err: Error) => void };
  private failure?: Error;

  constructor(host: string, port: number) {
    this.socket = net.connect(port, host);
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => {
      this.received = this.received.length ? Buffer.concat([this.received, chunk]) : chunk;
      this.deliver();
    });
    const fail = (err: Error) => {
      this.failure ??= err;
      this.pending?.reject(err);
      this.pending = undefined;
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => fail(new Error("the server closed the connection")));
  }

  /** Writes a prepared request and resolves with its response. */
  send(request: Buffer): Promise<RawResponse> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error("one request at a time on a connection"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private deliver() {
    const parsed = parseResponse(this.received);
    if (!parsed || !this.pending) return;
    this.received = this.received.subarray(parsed.length);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve(parsed.response);
  }
}

/** A whole response at the start of `data` and how many bytes it took, or null while it is incomplete. */
export function parseResponse(data: Buffer): { response: RawResponse; length: number } | null {
  const headEnd = data.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const lines = data.toString("latin1", 0, headEnd).split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  const headers = new Map(lines.slice(1).map((l) => {
    const colon = l.indexOf(":");
    return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()] as const;
  }));
  let at = headEnd + 4;
  if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf("\r\n", at);
      if (lineEnd < 0) return null;
      const size = parseInt(data.toString("latin1", at, lineEnd), 16);
      if (!Number.isFinite(size)) throw new Error("a malformed chunk size");
      at = lineEnd + 2;
      if (size === 0) {
        const end = data.indexOf("\r\n", at); // no trailers expected: just the closing CRLF
        if (end < 0) return null;
        return { response: { status, body: Buffer.concat(parts).toString("utf8") }, length: end + 2 };
      }
      if (data.length < at + size + 2) return null;
      parts.push(data.subarray(at, at + size));
      at += size + 2;
    }
  }
  const length = Number(headers.get("content-length") ?? 0);
  if (data.length < at + length) return null;
  return { response: { status, body: data.toString("utf8", at, at + length) }, length: at + length };
}
