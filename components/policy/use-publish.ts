"use client";

import { useState } from "react";
import { usePost } from "@/components/forms/use-post";
import { diffPolicies } from "@/lib/domain/policy-diff.ts";
import { policyFromYaml } from "@/lib/domain/policy-yaml.ts";
import type { TPolicy } from "@/lib/domain/policy.ts";
import type { TPublishAsk } from "./publish-dialog";

/**
 * Publishing with a confirmation: ask() parses the draft and opens the diff against the policy in force
 * (a draft that does not parse goes straight to the server, whose 422 lists its problems); confirm() posts it.
 */
export function usePublish(inForce: TPolicy) {
  const post = usePost();
  const [pending, setPending] = useState<(TPublishAsk & { yaml: string; dryRunId?: string }) | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  async function send(yaml: string, dryRunId?: string) {
    const result = await post.run<{ version: number }>("/api/v1/policy/versions", { yaml, ...(dryRunId ? { dryRunId } : {}) });
    setPending(null);
    if (result.ok) setSaved(result.data.version);
  }

  function ask(yaml: string, dryRun?: { id: string; summary: string[] }) {
    setSaved(null);
    let draft: TPolicy;
    try {
      draft = policyFromYaml(yaml);
    } catch {
      return void send(yaml);
    }
    setPending({ yaml, changes: diffPolicies(inForce, draft), ...(dryRun ? { dryRunId: dryRun.id, dryRunSummary: dryRun.summary } : {}) });
  }

  return { ...post, pending, saved, ask, confirm: () => pending && send(pending.yaml, pending.dryRunId), cancel: () => setPending(null) };
}
