"use client";

import { useState, type FormEvent } from "react";
import { useCan } from "@/components/auth/use-can";
import { FieldError } from "@/components/forms/field-error";
import { usePost } from "@/components/forms/use-post";
import { OneTimeKey } from "./one-time-key";

type Registered = { agent: { id: string; kid: string }; privateJwk: object | null };

/** Registers an agent with a fresh key pair (admins) and then offers its private key once. */
export function RegisterAgentForm() {
  const allowed = useCan("agent.register");
  const { busy, error, run } = usePost();
  const [fresh, setFresh] = useState<Registered | null>(null);
  if (!allowed) return null;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const result = await run<Registered>("/api/v1/agents", Object.fromEntries(new FormData(form)));
    if (result.ok) {
      form.reset();
      setFresh(result.data);
    }
  }

  return (
    <section>
      <h2>Register an agent</h2>
      {fresh?.privateJwk ? (
        <OneTimeKey agentId={fresh.agent.id} privateJwk={fresh.privateJwk} onDone={() => setFresh(null)} />
      ) : (
        <form className="form" onSubmit={onSubmit} aria-label="Register an agent">
          <div className="row">
            <label>Agent id<input name="id" required pattern="[a-z0-9][a-z0-9._\-]{1,62}" placeholder="price-monitor" /><FieldError error={error} field="id" /></label>
            <label>Name<input name="name" required placeholder="Price monitor" /><FieldError error={error} field="name" /></label>
            <button type="submit" className="btn btn-primary" disabled={busy}>Register</button>
          </div>
          {error && <p role="alert" className="form-error">{error.message}</p>}
        </form>
      )}
    </section>
  );
}
