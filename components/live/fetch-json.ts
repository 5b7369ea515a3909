/** An HTTP error from the people's API, with the problem+json detail when there is one. */
export class ApiError extends Error {
  constructor(readonly status: number, detail: string) {
    super(detail);
    this.name = "ApiError";
  }
}

/** Same-origin JSON fetch for the dashboard: GET by default, a JSON body for POSTs; throws ApiError on a non-2xx answer. */
export async function fetchJson<T>(url: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
    cache: "no-store",
  });
  const isJson = /json/.test(res.headers.get("content-type") ?? "");
  const body = isJson ? ((await res.json()) as Record<string, unknown>) : {}; // a 404 page is HTML, not a problem document
  if (!res.ok) throw new ApiError(res.status, typeof body.detail === "string" ? body.detail : `${res.status} ${res.statusText}`);
  return body as T;
}
