import { getCurrentPolicy } from "../../lib/server/policy/get-current-policy.ts";
import { updatePolicy } from "../../lib/server/policy/update-policy.ts";
import type { TPolicy } from "../../lib/domain/policy.ts";
import type { TRunningSidecar } from "../../sidecar/start.ts";
import { asUser, type TestSession } from "../factories/session.ts";
import { eventually } from "./eventually.ts";

/** Saves a policy through the admin API (as people do); returns its version. */
export async function savePolicy(admin: TestSession, document: TPolicy): Promise<number> {
  const res = await asUser(admin, "/api/v1/policy/versions", { method: "POST", body: JSON.stringify({ document }) });
  if (res.status !== 201) throw new Error(`policy not saved: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { version: number }).version;
}

/** The policy in force now, and a function that puts it back (later test files expect it). */
export async function keepPolicy(admin: TestSession): Promise<{ policy: TPolicy; restore: () => Promise<unknown> }> {
  const policy = (await getCurrentPolicy({ fresh: true })).policy;
  return { policy: structuredClone(policy), restore: () => updatePolicy({ document: policy, user: { id: admin.id, email: admin.email, role: "admin" } }) };
}

/** Waits (polling, up to 15 s) until `check` holds; throws if it does not. */
export async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  await eventually(check, ms, what);
}

/** Waits until every sidecar enforces policy `version`. */
export const policyReached = (version: number, ...sidecars: TRunningSidecar[]) =>
  until(`policy ${version} in force`, () => sidecars.every((s) => s.core.ctx.policy.version >= version));

/** Waits (up to `ms`) until the boundary has a pending review, as a reviewer sees the queue; returns its id. */
export async function pendingReview(reviewer: TestSession, boundaryId: string, ms = 60_000): Promise<string> {
  let reviewId = "";
  await until("the review is queued", async () => {
    const { reviews } = (await (await asUser(reviewer, `/api/v1/reviews?status=pending&boundary=${encodeURIComponent(boundaryId)}`)).json()) as { reviews: { id: string; boundaryId: string }[] };
    reviewId = reviews.find((r) => r.boundaryId === boundaryId)?.id ?? "";
    return reviewId !== "";
  }, ms);
  return reviewId;
}
