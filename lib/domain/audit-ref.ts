/** What an audit entry's actor or subject names: `kind:id` (`user:ann@example.com`, `boundary:bnd_1`) or a bare word. */
export type AuditRef = { kind: string; id: string };

/** Splits `kind:id` at the first colon; a bare word (`firebreak`, `oidc`) is the system speaking. */
export function parseRef(text: string): AuditRef {
  const at = text.indexOf(":");
  return at < 0 ? { kind: "system", id: text } : { kind: text.slice(0, at), id: text.slice(at + 1) };
}

/** Where a reference leads in the dashboard, if anywhere (records and messages open in Provenance). */
export function refHref(ref: AuditRef): string | null {
  const id = encodeURIComponent(ref.id);
  switch (ref.kind) {
    case "agent": return `/agents#agent-${id}`;
    case "boundary": return `/boundaries/${id}`;
    case "node": case "message": case "record": return `/provenance?id=${id}`;
    case "incident": return `/incidents?q=${id}`;
    case "review": return `/reviews?review=${id}`;
    case "policy": return "/policy";
    case "webhook": return "/webhooks";
    default: return null;
  }
}

/**
 * The actor filter as people type it: an email means that person (`user:<email>`); anything else is taken
 * as written (`agent:planner`, `firebreak`).
 */
export function actorFilter(text: string): string {
  const t = text.trim();
  return !t.includes(":") && t.includes("@") ? `user:${t}` : t;
}
