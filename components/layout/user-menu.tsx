"use client";

import { signOut } from "next-auth/react";

/** Who is signed in, their role, and sign-out. */
export function UserMenu({ name, role }: { name: string; role: string }) {
  return (
    <div className="user-menu">
      <span className="user-name">{name}</span>
      <span className="role-badge" data-testid="current-role">{role}</span>
      <button type="button" className="btn btn-small" onClick={() => signOut({ callbackUrl: "/signin" })}>
        Sign out
      </button>
    </div>
  );
}
