"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson, type ActionResult, type FormError } from "@/lib/client/post-json.ts";

/** Runs a POST to our JSON API, tracking busy and the last error, and refreshes the page's server data on success. */
export function usePost() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  async function run<T>(path: string, body: unknown = {}): Promise<ActionResult<T>> {
    setBusy(true);
    setError(null);
    const result = await postJson<T>(path, body);
    setBusy(false);
    if (result.ok) router.refresh();
    else setError(result.error);
    return result;
  }

  return { busy, error, run };
}
