/** The content of an A2A message that validators look at: its data parts' values and its text parts' strings. */
export type TParts = { data: unknown[]; text: string[] };

type TObj = Record<string, unknown>;
const isObj = (v: unknown): v is TObj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isSet = (v: unknown) => v !== undefined && v !== null;

/** A part's text as the A2A SDK reads it (it takes any `text` value through String()); JSON when String() fails. */
function asText(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    return String(v);
  } catch {
    return JSON.stringify(v);
  }
}

/**
 * Finds the data and text parts of a parsed A2A JSON-RPC body wherever a client may read them: a request's
 * `params.message`, a response whose `result` is a Message, a Task (status message, artifacts, history) or a
 * stream event (status or artifact update), or a bare Task (GetTask). Every shape is read, whatever the body
 * claims to be, so nothing a client reads is left unchecked: A2A 1.0 (`{text}` / `{data}`, results wrapped as
 * `{message}`, `{task}`, `{statusUpdate}` / `{status_update}`, `{artifactUpdate}` / `{artifact_update}`, as
 * the A2A SDK's decoders accept them) and 0.3 (`{kind: "text", text}`, results tagged by `kind`). A part's
 * `text` is read whatever its kind or type (stringified as the SDK does), its `data` likewise. A list of parts
 * seen twice (a task's history repeats its status message) counts once: told apart by content, not by id.
 */
export function collectParts(body: unknown): TParts {
  const out: TParts = { data: [], text: [] };
  const seenParts = new Set<string>();

  const part = (p: unknown) => {
    if (!isObj(p)) return;
    if (isSet(p.text)) out.text.push(asText(p.text));
    if ("data" in p) out.data.push(p.data);
  };
  const parts = (ps: unknown) => {
    if (!Array.isArray(ps) || ps.length === 0) return;
    const key = JSON.stringify(ps);
    if (seenParts.has(key)) return;
    seenParts.add(key);
    ps.forEach(part);
  };
  const message = (m: unknown) => isObj(m) && parts(m.parts);
  const status = (s: unknown) => isObj(s) && message(s.message);
  const artifact = (a: unknown) => isObj(a) && parts(a.parts);
  /** Anything that may hold parts: a Message, a Task, a status or artifact update (1.0 or 0.3, bare or tagged). */
  const holder = (h: unknown) => {
    if (!isObj(h)) return;
    message(h);
    status(h.status);
    list(h.artifacts).forEach(artifact);
    list(h.history).forEach(message);
    artifact(h.artifact);
  };
  const result = (r: unknown) => {
    if (!isObj(r)) return;
    // A2A 1.0: a oneof wrapper (the SDK takes task, message, statusUpdate, status_update, artifactUpdate, artifact_update).
    for (const key of ["task", "message", "statusUpdate", "status_update", "artifactUpdate", "artifact_update"]) holder(r[key]);
    // A2A 0.3: the object itself, tagged by kind; 1.0's GetTask and CancelTask answer a bare Task.
    holder(r);
  };

  if (!isObj(body)) return out;
  if (isObj(body.params)) message(body.params.message);
  result(body.result);
  return out;
}
