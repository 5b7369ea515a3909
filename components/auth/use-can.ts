"use client";

import { useContext } from "react";
import { can, type TAction } from "@/lib/domain/permissions.ts";
import { RoleContext } from "./role-provider";

/** Whether the signed-in role may do `action`: for hiding controls only; the server checks every request. */
export function useCan(action: TAction): boolean {
  return can(useContext(RoleContext), action);
}
