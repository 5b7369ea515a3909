import type { IncomingMessage, ServerResponse } from "node:http";
import { writeRefusal } from "../wire/jsonrpc.ts";
import { encodingProblem } from "./forward.ts";
import { BodyTooLargeError, readBody } from "./read-body.ts";

/**
 * The body of a request to either port, as it is signed and checked: uncompressed and at most `max` bytes.
 * Anything else is refused here (`parse_error` for a Content-Encoding, `too_large`) and the answer is undefined.
 */
export async function requestBody(req: IncomingMessage, res: ServerResponse, max: number): Promise<Buffer | undefined> {
  const encoding = encodingProblem(req.headers);
  if (encoding) {
    req.resume();
    return void (await writeRefusal(res, null, `Parse error: ${encoding}`, { reason: "parse_error" }));
  }
  try {
    return await readBody(req, max);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return void (await writeRefusal(res, null, err.message, { reason: "too_large" }));
    throw err;
  }
}
