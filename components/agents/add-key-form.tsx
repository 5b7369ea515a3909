"use client";

import { type FormEvent } from "react";
import { useCan } from "@/components/auth/use-can";
import { usePost } from "@/components/forms/use-post";

/** Adds a key to an agent from a pasted public JWK (admins), e.g. to rotate keys without downtime. */
export function AddKeyForm({ agentId }: { agentId: string }) {
  const allowed = useCan("agent.register");
  const { busy, error, run } = usePost();
  if (!allowed) return null;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    let publicJwk: unknown;
    try {
      publicJwk = JSON.parse(String(new FormData(form).get("jwk")));
    } catch {
      publicJwk = null; // the server explains what a valid key looks like
    }
    const result = await run(`/api/v1/agents/${encodeURIComponent(agentId)}/keys`, { publicJwk });
    if (result.ok) form.reset();
  }

  return (
    <details className="add-key">
      <summary>Add a key</summary>
      <form className="form" onSubmit={onSubmit} aria-label={`Add a key to ${agentId}`}>
        <label>
          Public JWK (Ed25519)
          <textarea name="jwk" rows={3} required placeholder='{"kty":"OKP","crv":"Ed25519","x":"…"}' />
        </label>
        <button type="submit" className="btn btn-small" disabled={busy}>Add key</button>
        {error && <p role="alert" className="form-error">{error.message}</p>}
      </form>
    </details>
  );
}
