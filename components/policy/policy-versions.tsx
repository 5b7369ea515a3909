import Link from "next/link";
import { Timestamp } from "@/components/layout/time-ago";
import type { PolicyVersionMeta } from "@/lib/domain/views.ts";

/** Where a version's YAML downloads from. */
export const policyYamlHref = (version: number) => `/api/v1/policy/versions/${version}?format=yaml`;

/** The policy's version history, newest first: who stored each, when, a link to view it and its YAML. */
export function PolicyVersions({ versions, inForce, shown }: { versions: PolicyVersionMeta[]; inForce: number; shown: number }) {
  return (
    <table className="table" data-testid="policy-versions">
      <thead><tr><th>Version</th><th>By</th><th>When</th><th>View</th></tr></thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.version} data-testid={`policy-version-${v.version}`}>
            <td>{v.version}{v.version === inForce && <> <span className="pill pill-active">in force</span></>}</td>
            <td><code>{v.createdBy}</code></td>
            <td><Timestamp value={v.createdAt} /></td>
            <td className="row">
              {v.version === shown ? <span className="muted">shown</span> : <Link href={`/policy?version=${v.version}`}>View</Link>}
              <a href={policyYamlHref(v.version)} download>Download YAML</a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
