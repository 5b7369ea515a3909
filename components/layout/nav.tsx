import Link from "next/link";

const LINKS = [
  { href: "/", label: "Graph" },
  { href: "/reviews", label: "Reviews" },
  { href: "/incidents", label: "Incidents" },
  { href: "/provenance", label: "Provenance" },
  { href: "/agents", label: "Agents" },
  { href: "/events", label: "Events" },
  { href: "/policy", label: "Policy" },
  { href: "/audit", label: "Audit" },
];

/** The dashboard's top navigation. */
export function Nav() {
  return (
    <nav aria-label="Main" className="nav">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
