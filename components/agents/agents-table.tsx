import { Timestamp } from "@/components/layout/time-ago";
import type { AgentListing } from "@/lib/domain/views.ts";
import { AddKeyForm } from "./add-key-form";
import { AgentStatusButton, RevokeKeyButton } from "./agent-controls";

/**
 * Agents with their keys (kid, created, revoked) and the policy version each last fetched (behind the one in
 * force, it is flagged); the controls show only for roles that may use them.
 */
export function AgentsTable({ agents, policyVersion }: { agents: AgentListing[]; policyVersion: number }) {
  return (
    <table className="table">
      <thead>
        <tr><th>Agent</th><th>Name</th><th>Status</th><th>Keys</th><th>Policy</th><th>Registered</th></tr>
      </thead>
      <tbody>
        {agents.map((a) => (
          <tr key={a.id} id={`agent-${a.id}`} data-testid={`agent-${a.id}`}>
            <td><code>{a.id}</code></td>
            <td>{a.name}</td>
            <td>
              <span className={`pill pill-${a.status}`}>{a.status}</span> <AgentStatusButton agentId={a.id} status={a.status} />
            </td>
            <td>
              <ul className="keys">
                {a.keys.map((k) => (
                  <li key={k.kid} data-testid={`key-${k.kid}`}>
                    <code title={k.kid} className={k.revokedAt ? "revoked" : undefined}>{k.kid.slice(0, 12)}…</code>{" "}
                    <span className="muted">created <Timestamp value={k.createdAt} /></span>{" "}
                    {k.revokedAt ? <span className="muted">revoked <Timestamp value={k.revokedAt} /></span> : <RevokeKeyButton kid={k.kid} />}
                  </li>
                ))}
              </ul>
              <AddKeyForm agentId={a.id} />
            </td>
            <td data-testid={`policy-${a.id}`}><PolicyAck agent={a} inForce={policyVersion} /></td>
            <td><Timestamp value={a.createdAt} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Which policy version the agent acknowledged (fetched), and whether it is behind the one in force. */
function PolicyAck({ agent, inForce }: { agent: AgentListing; inForce: number }) {
  if (agent.policyVersion === null || !agent.policyAckAt) return <span className="muted">never fetched</span>;
  const behind = agent.policyVersion < inForce;
  return (
    <>
      <span className={behind ? "pill pill-behind" : undefined}>v{agent.policyVersion}{behind ? ` (v${inForce} in force)` : ""}</span>{" "}
      <span className="muted">fetched <Timestamp value={agent.policyAckAt} /></span>
    </>
  );
}
