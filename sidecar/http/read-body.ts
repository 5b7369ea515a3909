import type { IncomingMessage } from "node:http";

/** A body over the configured limit (refused before it is buffered whole). */
export class BodyTooLargeError extends Error {}

/** Reads a whole body of at most `max` bytes; a larger one is refused as soon as its length says so. */
export function readBody(msg: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(msg.headers["content-length"] ?? NaN);
    if (declared > max) {
      msg.resume(); // drain without keeping
      return reject(new BodyTooLargeError(`the body is ${declared} bytes (maxBodyBytes ${max})`));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    msg.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        msg.removeAllListeners("data");
        msg.resume();
        return reject(new BodyTooLargeError(`the body is over maxBodyBytes (${max})`));
      }
      chunks.push(c);
    });
    msg.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    msg.on("error", reject);
  });
}
