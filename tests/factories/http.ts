import { appUrl } from "../support/base-url.ts";

/** POSTs a batch of compact JWS strings to the running app's ingest endpoint. */
export async function postEvents(events: string[], init: { headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(`${appUrl()}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...init.headers },
    body: init.body ?? JSON.stringify({ events }),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", headers: res.headers, body: text ? JSON.parse(text) : null };
}
