/** The content of an A2A message that validators look at: its data parts' values and its text parts' strings. */
export type TParts = { data: unknown[]; text: string[] };

type TObj = Record<string, unknown>;
const isObj = (v: unknown): v is TObj => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Finds the data and text parts of a parsed A2A JSON-RPC body wherever they appear: a request's
 * `params.message`, a response whose `result` is a Message, a Task (status message, artifacts, history) or a
 * stream event (status or artifact update), or a bare Task (GetTask). Reads both wire shapes: A2A 1.0 (`{text}` / `{data}`, results
 * wrapped as `{message}`, `{task}`, `{statusUpdate}`, `{artifactUpdate}`) and 0.3 (`{kind: "text", text}`,
 * results tagged by `kind`). A message seen twice (a task's history repeats its status message) counts once.
 */
export function collectParts(body: unknown): TParts {
  const out: TParts = { data: [], text: [] };
  const seenMessages = new Set<string>();

  const part = (p: unknown) => {
    if (!isObj(p)) return;
    if (typeof p.text === "string" && (p.kind === undefined || p.kind === "text")) out.text.push(p.text);
    else if ("data" in p && (p.kind === undefined || p.kind === "data")) out.data.push(p.data);
  };
  const parts = (ps: unknown) => list(ps).forEach(part);
  const message = (m: unknown) => {
    if (!isObj(m)) return;
    if (typeof m.messageId === "string" && m.messageId) {
      if (seenMessages.has(m.messageId)) return;
      seenMessages.add(m.messageId);
    }
    parts(m.parts);
  };
  const status = (s: unknown) => isObj(s) && message(s.message);
  const artifact = (a: unknown) => isObj(a) && parts(a.parts);
  const task = (t: unknown) => {
    if (!isObj(t)) return;
    status(t.status);
    list(t.artifacts).forEach(artifact);
    list(t.history).forEach(message);
  };
  const statusUpdate = (e: unknown) => isObj(e) && status(e.status);
  const artifactUpdate = (e: unknown) => isObj(e) && artifact(e.artifact);

  const result = (r: unknown) => {
    if (!isObj(r)) return;
    // A2A 1.0: a oneof wrapper.
    if ("message" in r || "task" in r || "statusUpdate" in r || "artifactUpdate" in r) {
      message(r.message);
      task(r.task);
      statusUpdate(r.statusUpdate ?? r.status_update);
      artifactUpdate(r.artifactUpdate ?? r.artifact_update);
      return;
    }
    // A2A 0.3: the object itself, tagged by kind; 1.0's GetTask and CancelTask answer a bare Task.
    const isTask = r.kind === undefined && ("status" in r || "artifacts" in r || "history" in r);
    if (r.kind === "message" || (r.kind === undefined && Array.isArray(r.parts))) message(r);
    else if (r.kind === "task" || isTask) task(r);
    else if (r.kind === "status-update") statusUpdate(r);
    else if (r.kind === "artifact-update") artifactUpdate(r);
  };

  if (!isObj(body)) return out;
  if (isObj(body.params)) message(body.params.message);
  result(body.result);
  return out;
}
