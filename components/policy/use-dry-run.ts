"use client";

import { useEffect, useState } from "react";
import type { TDryRunResult } from "@/lib/domain/dry-run.ts";
import { postJson, type FormError } from "@/lib/client/post-json.ts";

/** A dry run as the panel follows it. */
export type TDryRunState = { id: string; yaml: string; status: "running" | "done" | "failed" | "cancelled"; progress: number; from: string; result: TDryRunResult | null; error: string | null };

/** Starts a dry run, polls it until it ends (progress as it goes), and cancels it. */
export function useDryRun() {
  const [run, setRun] = useState<TDryRunState | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const runningId = run?.status === "running" ? run.id : null;

  useEffect(() => {
    if (!runningId) return;
    let stopped = false;
    const poll = async () => {
      const res = await fetch(`/api/v1/policy/dry-runs/${runningId}`, { credentials: "same-origin" }).catch(() => null);
      if (stopped) return;
      if (res?.ok) {
        const v = (await res.json()) as Omit<TDryRunState, "yaml">;
        setRun((r) => (r && r.id === v.id ? { ...r, ...v } : r));
        if (v.status !== "running") return;
      }
      timer = setTimeout(poll, 500);
    };
    let timer = setTimeout(poll, 300);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runningId]);

  async function start(yaml: string, window: { from: string; to: string }) {
    setBusy(true);
    setError(null);
    const r = await postJson<{ id: string }>("/api/v1/policy/dry-runs", { yaml, ...window });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setRun({ id: r.data.id, yaml, status: "running", progress: 0, from: window.from, result: null, error: null });
  }

  async function cancel() {
    if (!runningId) return;
    const r = await postJson<TDryRunState>(`/api/v1/policy/dry-runs/${runningId}/cancel`, {});
    if (r.ok) setRun((x) => (x ? { ...x, status: "cancelled" } : x));
  }

  return { run, error, busy, start, cancel };
}
