"use client";

import { useCan } from "@/components/auth/use-can";
import { ConfirmButton } from "@/components/forms/confirm-button";
import { usePost } from "@/components/forms/use-post";

/** Revokes one key (security, admins); hidden from other roles, refused by the server for them too. */
export function RevokeKeyButton({ kid }: { kid: string }) {
  const allowed = useCan("agent.revoke_key");
  const { busy, error, run } = usePost();
  if (!allowed) return null;
  return (
    <>
      <ConfirmButton label="Revoke" confirmLabel={`Revoke key ${kid.slice(0, 8)}`} busy={busy} onConfirm={() => run(`/api/v1/agents/keys/${encodeURIComponent(kid)}/revoke`)} />
      {error && <span role="alert" className="form-error">{error.message}</span>}
    </>
  );
}

/** Suspends an agent (all its keys then fail) or resumes it (security, admins). */
export function AgentStatusButton({ agentId, status }: { agentId: string; status: string }) {
  const allowed = useCan("agent.suspend");
  const { busy, error, run } = usePost();
  if (!allowed) return null;
  const path = `/api/v1/agents/${encodeURIComponent(agentId)}/status`;
  return (
    <>
      {status === "suspended" ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => run(path, { status: "active" })}>Resume</button>
      ) : (
        <ConfirmButton label="Suspend" confirmLabel={`Suspend ${agentId}`} busy={busy} onConfirm={() => run(path, { status: "suspended" })} />
      )}
      {error && <span role="alert" className="form-error">{error.message}</span>}
    </>
  );
}
