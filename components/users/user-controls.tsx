"use client";

import { ROLES } from "@/lib/domain/permissions.ts";
import { ConfirmButton } from "@/components/forms/confirm-button";
import { usePost } from "@/components/forms/use-post";

/** One user's role picker and disable/enable button; each change is applied (and audited) by the server at once. */
export function UserControls({ user }: { user: { id: string; email: string; role: string; disabled: boolean } }) {
  const { busy, error, run } = usePost();
  const path = `/api/v1/users/${encodeURIComponent(user.id)}`;
  return (
    <div className="row">
      <select aria-label={`Role of ${user.email}`} value={user.role} disabled={busy} onChange={(e) => run(path, { role: e.target.value })}>
        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
      </select>
      {user.disabled ? (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => run(path, { disabled: false })}>Enable</button>
      ) : (
        <ConfirmButton label="Disable" confirmLabel={`Disable ${user.email}`} busy={busy} onConfirm={() => run(path, { disabled: true })} />
      )}
      {error && <span role="alert" className="form-error">{error.message}</span>}
    </div>
  );
}
