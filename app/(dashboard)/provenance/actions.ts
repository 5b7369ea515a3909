"use server";

import { can } from "@/lib/domain/permissions.ts";
import { getCurrentUser } from "@/lib/server/auth/current-user.ts";
import { AppError } from "@/lib/server/errors.ts";
import { traceTaint } from "@/lib/server/provenance/trace-taint.ts";
import type { TaintState } from "@/lib/domain/views.ts";

/** Marks an agent's output over a window as tainted and lists what it reached (security, admin). */
export async function traceTaintAction(_prev: TaintState, form: FormData): Promise<TaintState> {
  const user = await getCurrentUser();
  if (!user || !can(user.role, "provenance.explore")) return { ok: false, error: "Your role cannot trace taint." };
  const time = (name: string) => {
    const v = String(form.get(name) ?? "");
    return v ? new Date(v) : undefined;
  };
  try {
    // The window's end is fixed now, so the download lists what this answer listed.
    const [agentId, from, to] = [String(form.get("agentId") ?? "").trim(), time("from"), time("to") ?? new Date()];
    const data = await traceTaint({ agentId, from, to, actor: `user:${user.email}` });
    return { ok: true, data, query: { agentId, from: from?.toISOString(), to: to.toISOString() } };
  } catch (err) {
    return { ok: false, error: err instanceof AppError ? err.detail : "Tracing failed." };
  }
}
