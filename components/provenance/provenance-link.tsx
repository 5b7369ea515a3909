"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { useCan } from "@/components/auth/use-can";
import { provenanceHref } from "@/lib/domain/provenance-url.ts";

/**
 * A message or memory record id as a link to its provenance graph; the id in code type unless children say
 * otherwise. For a role that may not explore provenance (reviewers) it is the id alone: a link there would
 * only lead to the Forbidden page.
 */
export function ProvenanceLink({ id, depth, children, className }: { id: string; depth?: number; children?: ReactNode; className?: string }) {
  const allowed = useCan("provenance.explore");
  const content = children ?? <code>{id}</code>;
  if (!allowed) return <span className={className}>{content}</span>;
  return (
    <Link href={provenanceHref({ id, depth })} className={className} title={`Provenance of ${id}`} prefetch={false}>
      {content}
    </Link>
  );
}
