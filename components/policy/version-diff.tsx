import { diffPolicies } from "@/lib/domain/policy-diff.ts";
import type { TPolicy } from "@/lib/domain/policy.ts";
import type { PolicyVersionMeta } from "@/lib/domain/views.ts";
import { PolicyDiffList } from "./policy-diff-list";

/** Compare any two stored versions: a GET form (the choice is in the URL) and the settings that differ. */
export function VersionDiff({ versions, from, to }: {
  versions: PolicyVersionMeta[]; from?: { version: number; policy: TPolicy }; to?: { version: number; policy: TPolicy };
}) {
  const select = (name: string, value?: number) => (
    <select name={name} defaultValue={value}>
      {versions.map((v) => <option key={v.version} value={v.version}>Version {v.version}</option>)}
    </select>
  );
  return (
    <section aria-labelledby="version-diff-title">
      <h2 id="version-diff-title">Compare versions</h2>
      <form className="row" method="get" action="/policy">
        <label>From {select("diffFrom", from?.version ?? versions[1]?.version)}</label>
        <label>To {select("diffTo", to?.version ?? versions[0]?.version)}</label>
        <button type="submit" className="btn">Compare</button>
      </form>
      {from && to && (
        <>
          <p>Version {from.version} → version {to.version}:</p>
          <PolicyDiffList changes={diffPolicies(from.policy, to.policy)} testId="version-diff" />
        </>
      )}
    </section>
  );
}
