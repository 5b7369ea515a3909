"use client";

import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { postJson, type ActionResult } from "@/lib/client/post-json.ts";

type Post = { path: string; body: unknown };

/**
 * The one way a component changes something (docs/architecture.md#layers-and-idioms): `run(path, body)` POSTs
 * to our JSON API and resolves with the data or the error (it never throws), while `busy` and `error` follow
 * the last call. Afterwards the react-query caches under `invalidates` are refetched (whatever the answer:
 * what they hold may be why it failed), and on success the page's server-rendered data is refreshed — unless
 * `refresh: false`, for a POST that changes nothing a page shows (a check, a trace): a refresh in flight would
 * otherwise land after a later `history.pushState` and put back the address it started from.
 */
export function usePost(opts: { invalidates?: readonly QueryKey[]; refresh?: boolean } = {}) {
  const router = useRouter();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: ({ path, body }: Post): Promise<ActionResult<unknown>> => postJson(path, body),
    onSettled: async (result) => {
      if (result?.ok && opts.refresh !== false) router.refresh();
      await Promise.all((opts.invalidates ?? []).map((queryKey) => client.invalidateQueries({ queryKey })));
    },
  });

  async function run<T>(path: string, body: unknown = {}): Promise<ActionResult<T>> {
    return (await mutation.mutateAsync({ path, body })) as ActionResult<T>;
  }

  const last = mutation.data;
  return { busy: mutation.isPending, error: last && !last.ok ? last.error : null, run, reset: mutation.reset };
}
