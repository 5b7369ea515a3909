import Link from "next/link";

/** An audit actor or subject by its readable name, linked to its page when it has one; the raw reference in the tooltip. */
export function RefLink({ name, raw }: { name: { label: string; href: string | null }; raw: string }) {
  return name.href ? <Link href={name.href} title={raw}>{name.label}</Link> : <span title={raw}>{name.label}</span>;
}
