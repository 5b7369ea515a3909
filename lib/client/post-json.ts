/** Why a POST failed: a message, the first message per field, and every problem as sent (problem+json `problems`). */
export type FormError = { message: string; fields: Record<string, string>; problems: { path: string; message: string }[] };

/** What a form gets back: the data, or the error. */
export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: FormError };

/** POSTs JSON to one of our own endpoints (same origin, so the server's CSRF checks pass) and reads the answer. */
export async function postJson<T = unknown>(path: string, body: unknown): Promise<ActionResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}), credentials: "same-origin" });
  } catch {
    return { ok: false, error: { message: "The server could not be reached. Try again.", fields: {}, problems: [] } };
  }
  const json = await res.json().catch(() => null);
  if (res.ok) return { ok: true, data: json as T };
  const problems = (json?.problems ?? []) as FormError["problems"];
  const fields: Record<string, string> = {};
  for (const p of problems) fields[p.path] ??= p.message;
  return { ok: false, error: { message: json?.detail ?? `The request failed (${res.status}).`, fields, problems } };
}
