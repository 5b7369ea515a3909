import Link from "next/link";
import type { ReactNode } from "react";
import { RoleProvider } from "@/components/auth/role-provider";
import { Nav } from "@/components/layout/nav";
import { UserMenu } from "@/components/layout/user-menu";
import type { TRole } from "@/lib/domain/permissions.ts";

/** The frame every signed-in page shares: a skip link, brand, navigation, the signed-in user, the content. */
export function AppShell({ user, children }: { user: { name: string; role: TRole }; children: ReactNode }) {
  return (
    <RoleProvider role={user.role}>
      <a href="#content" className="skip-link">Skip to content</a>
      <div className="shell">
        <header className="topbar">
          <Link href="/" className="brand">
            <span aria-hidden="true">▦</span> Firebreak
          </Link>
          <Nav role={user.role} />
          <UserMenu name={user.name} role={user.role} />
        </header>
        <main className="content" id="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </RoleProvider>
  );
}
