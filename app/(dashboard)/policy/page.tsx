import { notFound } from "next/navigation";
import { Timestamp } from "@/components/layout/time-ago";
import { PolicyEditor } from "@/components/policy/policy-editor";
import { PolicySummary } from "@/components/policy/policy-summary";
import { PolicyVersions, policyYamlHref } from "@/components/policy/policy-versions";
import { VersionDiff } from "@/components/policy/version-diff";
import { DEFAULT_POLICY } from "@/lib/domain/policy.ts";
import { policyToYaml } from "@/lib/domain/policy-yaml.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { AppError } from "@/lib/server/errors.ts";
import { findPolicyVersions } from "@/lib/server/policy/find-policy-versions.ts";
import { getPolicyVersion } from "@/lib/server/policy/get-policy-version.ts";
import { seedPolicy } from "@/lib/server/policy/seed-policy.ts";

export const dynamic = "force-dynamic";

/** A stored version, or the 404 page. */
async function versionOr404(version: number) {
  return getPolicyVersion({ version }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
}

/** The fan-out / breaker / trust policy: the version in force at a glance, its history, and (admins) an editor. */
export default async function PolicyPage({ searchParams }: { searchParams: Promise<{ version?: string; diffFrom?: string; diffTo?: string }> }) {
  await requirePageUser();
  const params = await searchParams;
  const asked = params.version;
  const inForce = await versionOr404((await seedPolicy()).version);
  const shown = asked === undefined ? inForce : await versionOr404(Number(asked));
  const versions = await findPolicyVersions();
  const compared = params.diffFrom !== undefined && params.diffTo !== undefined
    ? { from: await versionOr404(Number(params.diffFrom)), to: await versionOr404(Number(params.diffTo)) }
    : {};
  return (
    <>
      <section>
        <h1>Policy</h1>
        <p data-testid="policy-in-force">
          Version <strong>{inForce.version}</strong> is in force, stored by <code>{inForce.createdBy}</code> at <Timestamp value={inForce.createdAt} />.
        </p>
        {shown.version !== inForce.version && (
          <p className="notice" data-testid="policy-shown">Showing version {shown.version} (stored by <code>{shown.createdBy}</code> at <Timestamp value={shown.createdAt} />), not the one in force.</p>
        )}
        <PolicySummary policy={shown.policy} />
        <details>
          <summary>Version {shown.version} as YAML</summary>
          <pre className="policy-yaml">{policyToYaml(shown.policy)}</pre>
          <a href={policyYamlHref(shown.version)} download>Download YAML</a>
        </details>
      </section>
      <PolicyEditor yaml={policyToYaml(inForce.policy)} defaultsYaml={policyToYaml(DEFAULT_POLICY)} version={inForce.version} inForce={inForce.policy} />
      <section>
        <h2>History</h2>
        <PolicyVersions versions={versions} inForce={inForce.version} shown={shown.version} />
      </section>
      <VersionDiff versions={versions} {...compared} />
    </>
  );
}
