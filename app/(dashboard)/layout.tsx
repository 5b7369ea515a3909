import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "@/components/layout/nav";
import { QueryProvider } from "@/components/live/query-provider";
import { UserMenu } from "@/components/layout/user-menu";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";

/** The dashboard shell: brand, navigation, the signed-in user; every page below needs a session. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePageUser();
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          <span aria-hidden="true">▦</span> Firebreak
        </Link>
        <Nav role={user.role} />
        <UserMenu name={user.name} role={user.role} />
      </header>
      <main className="content">
        <QueryProvider>{children}</QueryProvider>
      </main>
    </div>
  );
}
