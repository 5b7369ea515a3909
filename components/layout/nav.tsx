"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { can, type TAction, type TRole } from "@/lib/domain/permissions.ts";

const LINKS: { href: string; label: string; action: TAction }[] = [
  { href: "/", label: "Graph", action: "dashboard.view" },
  { href: "/reviews", label: "Reviews", action: "dashboard.view" },
  { href: "/incidents", label: "Incidents", action: "dashboard.view" },
  { href: "/provenance", label: "Provenance", action: "provenance.explore" },
  { href: "/agents", label: "Agents", action: "dashboard.view" },
  { href: "/events", label: "Events", action: "dashboard.view" },
  { href: "/policy", label: "Policy", action: "dashboard.view" },
  { href: "/audit", label: "Audit", action: "dashboard.view" },
  { href: "/users", label: "Users", action: "user.manage" },
  { href: "/webhooks", label: "Webhooks", action: "webhook.manage" },
  { href: "/notifications", label: "Notifications", action: "review.decide" },
];

/** The dashboard's top navigation; links the role cannot use are hidden (the server still checks). On a phone it folds into a menu button. */
export function Nav({ role }: { role: TRole }) {
  const pathname = usePathname();
  const [isOpen, setOpen] = useState(false);
  const current = (href: string) => (href === "/" ? pathname === "/" : pathname === href || !!pathname?.startsWith(`${href}/`));
  return (
    <nav aria-label="Main" className="nav" data-open={isOpen}>
      <button type="button" className="btn btn-small nav-toggle" aria-expanded={isOpen} aria-controls="nav-links" onClick={() => setOpen(!isOpen)}>
        Menu
      </button>
      <div id="nav-links" className="nav-links">
        {LINKS.filter((l) => can(role, l.action)).map((l) => (
          <Link key={l.href} href={l.href} aria-current={current(l.href) ? "page" : undefined} onClick={() => setOpen(false)}>
            {l.label}
          </Link>
        ))}
      </div>
    </nav>
  );
}
