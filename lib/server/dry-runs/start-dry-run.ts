import "server-only";
import { policyFromYaml } from "../../domain/policy-yaml.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { newId } from "../ids.ts";
import { assertCan, auditActor, type Person } from "../person.ts";
import { getCurrentPolicy } from "../policy/get-current-policy.ts";
import { seedPolicy } from "../policy/seed-policy.ts";
import { toPolicy } from "../policy/update-policy.ts";
import { runDryRunJob, runningJobs } from "./run-dry-run-job.ts";

/** The longest window a dry run replays. */
export const MAX_WINDOW_DAYS = 31;
// A dry run takes a core while it runs: at most this many at once on one replica.
const MAX_RUNNING = 2;

/**
 * Starts a dry run of a draft policy (YAML) over [from, to) against the policy in force now (security,
 * admin). An invalid draft is refused with the same 422 problems as saving it; the replay runs as a job.
 */
export async function startDryRun(opts: { yaml: string; from: Date; to: Date; user: Person }): Promise<{ id: string }> {
  assertCan(opts.user, "policy.dry_run");
  const draft = toPolicy(() => policyFromYaml(opts.yaml));
  const { from, to } = opts;
  if (!(to > from)) throw new AppError("invalid", "the window must end after it starts", { problems: [{ path: "to", message: "must be after from" }] });
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw new AppError("invalid", `the window is longer than ${MAX_WINDOW_DAYS} days`, { problems: [{ path: "from", message: `at most ${MAX_WINDOW_DAYS} days before to` }] });
  }
  if (runningJobs() >= MAX_RUNNING) throw new AppError("conflict", `${MAX_RUNNING} dry runs are running already; wait for one to finish or cancel it`);
  await seedPolicy();
  const current = await getCurrentPolicy({ fresh: true });
  const id = newId("dry");
  await getDb().dryRun.create({
    data: { id, status: "running", fromTime: from, toTime: to, draft: JSON.stringify(draft), currentVersion: current.version, createdBy: auditActor(opts.user) },
  });
  void runDryRunJob({ id, current: current.policy, draft, from, to });
  return { id };
}
