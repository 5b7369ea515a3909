import { appUrl } from "../support/base-url.ts";

export type SseEvent = { event: string; data: unknown };

/** Opens GET /api/v1/stream as a session (on the suite's server unless `base` names another) and collects its events until closed. */
export async function openStream(cookie: string | null, base = appUrl()) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: cookie ? { cookie } : {}, signal: controller.signal });
  const events: SseEvent[] = [];
  const done = (async () => {
    if (!res.ok || !res.body) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  /** Waits until an event matching `match` arrived (or fails after `ms`). */
  const waitFor = async (match: (e: SseEvent) => boolean, ms = 5_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const found = events.find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no matching stream event within ${ms} ms; got ${JSON.stringify(events)}`);
  };
  const close = async () => {
    controller.abort();
    await done;
  };
  return { res, events, waitFor, close };
}
