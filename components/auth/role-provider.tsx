"use client";

import { createContext, type ReactNode } from "react";
import type { TRole } from "@/lib/domain/permissions.ts";

/** The signed-in person's role, handed down from the dashboard layout (read it with useCan). */
export const RoleContext = createContext<TRole | null>(null);

/** Makes the role available to the client components below it; it only decides what to show. */
export function RoleProvider({ role, children }: { role: TRole; children: ReactNode }) {
  return <RoleContext value={role}>{children}</RoleContext>;
}
