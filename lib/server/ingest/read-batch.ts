import "server-only";
import { z } from "zod";
import { toIssues } from "../../domain/issues.ts";
import { AppError } from "../errors.ts";

const ZBatch = z.object({ events: z.array(z.string()) }).strict();

/** Reads and checks the body of POST /api/v1/events: JSON content type, size cap, {"events":[...]} shape. */
export async function readBatch(request: Request, limits: { maxEvents: number; maxBytes: number }): Promise<string[]> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new AppError("unsupported_media_type", "send the batch as Content-Type: application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const text = await readCapped(request, limits.maxBytes);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the body is not valid JSON");
  }
  const parsed = ZBatch.safeParse(body);
  if (!parsed.success) {
    throw new AppError("bad_request", 'the body must be {"events": ["<compact JWS>", ...]}', {
      problems: toIssues(parsed.error).slice(0, 20),
    });
  }
  const { events } = parsed.data;
  if (events.length === 0) throw new AppError("bad_request", "the batch holds no events");
  if (events.length > limits.maxEvents) {
    throw new AppError("payload_too_large", `a batch holds at most ${limits.maxEvents} events (got ${events.length})`);
  }
  return events;
}

const tooLarge = (max: number) => new AppError("payload_too_large", `the body is larger than ${max} bytes`);

// Hard cap: bounds the memory one request can take, whatever Content-Length claimed.
async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
