import "server-only";
import { subscribe, type BusMessage } from "../bus.ts";
import { config } from "../config/config.ts";

/** The bus messages live pages receive (docs/architecture.md#live-stream). */
export const STREAM_TYPES = new Set<BusMessage["type"]>(["boundary.updated", "review.created", "review.updated", "incident.created", "incident.updated", "agent.updated", "resync"]);

/** Heartbeat interval: a comment line keeps proxies from closing an idle stream and lets clients notice a dead one. */
export const heartbeatMs = () => config().FIREBREAK_SSE_HEARTBEAT_MS;

/**
 * A Server-Sent Events stream of bus messages (`event: <type>`, `data: <json>`), with heartbeats, ending
 * when the client goes away (`signal`).
 */
export function openEventStream(signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop(); // the stream is closed
        }
      };
      const unsubscribe = subscribe((m) => {
        if (STREAM_TYPES.has(m.type)) send(`event: ${m.type}\ndata: ${JSON.stringify(m)}\n\n`);
      });
      const beat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), heartbeatMs());
      stop = () => {
        unsubscribe();
        clearInterval(beat);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", () => stop(), { once: true });
      send(`retry: 3000\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      stop();
    },
  });
}
