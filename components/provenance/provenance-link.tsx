import Link from "next/link";
import type { ReactNode } from "react";
import { provenanceHref } from "@/lib/domain/provenance-url.ts";

/** A message or memory record id as a link to its provenance graph; the id in code type unless children say otherwise. */
export function ProvenanceLink({ id, depth, children, className }: { id: string; depth?: number; children?: ReactNode; className?: string }) {
  return (
    <Link href={provenanceHref({ id, depth })} className={className} title={`Provenance of ${id}`} prefetch={false}>
      {children ?? <code>{id}</code>}
    </Link>
  );
}
