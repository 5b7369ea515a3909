"use client";

import { useState, type FormEvent } from "react";
import { ROLES } from "@/lib/domain/permissions.ts";
import { FieldError } from "@/components/forms/field-error";
import { usePost } from "@/components/forms/use-post";

/** Creates a person who can sign in: email, name, role and an initial password. */
export function CreateUserForm() {
  const { busy, error, run } = usePost();
  const [created, setCreated] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = Object.fromEntries(new FormData(form));
    setCreated(null);
    const result = await run<{ user: { email: string } }>("/api/v1/users", data);
    if (result.ok) {
      form.reset();
      setCreated(result.data.user.email);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Create a user">
      <div className="row">
        <label>Email<input name="email" type="email" required /><FieldError error={error} field="email" /></label>
        <label>Name<input name="name" /><FieldError error={error} field="name" /></label>
        <label>
          Role
          <select name="role" defaultValue="reviewer">
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
          <FieldError error={error} field="role" />
        </label>
        <label>Initial password<input name="password" type="password" autoComplete="new-password" required minLength={12} /><FieldError error={error} field="password" /></label>
        <button type="submit" className="btn btn-primary" disabled={busy}>Create user</button>
      </div>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {created && <p role="status" className="notice">Created {created}. Give them the initial password through a safe channel.</p>}
    </form>
  );
}
