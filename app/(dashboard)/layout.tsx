import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "@/components/layout/nav";

/** The dashboard shell: brand, navigation, content. */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <header className="topbar">
        <Link href="/" className="brand">
          <span aria-hidden="true">▦</span> Firebreak
        </Link>
        <Nav />
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
