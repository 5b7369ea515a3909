import { signAs, type TestAgent } from "./agents.ts";
import { appUrl } from "../support/base-url.ts";

/** POSTs a batch of compact JWS strings to the running app's ingest endpoint (or to the replica at `base`). */
export async function postEvents(events: string[], init: { headers?: Record<string, string>; body?: string; base?: string } = {}) {
  const res = await fetch(`${init.base ?? appUrl()}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.body ?? JSON.stringify({ events }),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Signs events as one agent and posts them in batches of 500; returns how many the server accepted. */
export async function postSigned(agent: Pick<TestAgent, "kid" | "key">, events: unknown[]): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < events.length; i += 500) {
    const res = await postEvents(await Promise.all(events.slice(i, i + 500).map((e) => signAs(agent, e))));
    accepted += res.body.accepted;
  }
  return accepted;
}
