import { findAgents } from "@/lib/server/agents/find-agents.ts";
import { Timestamp } from "@/components/layout/time-ago";

export const dynamic = "force-dynamic";

/** Registered agents with their keys. */
export default async function AgentsPage() {
  const agents = await findAgents();
  return (
    <section>
      <h1>Agents</h1>
      {agents.length === 0 ? (
        <p className="empty">No agents yet. Register one with <code>npm run agent:register -- --id ID --name NAME --out FILE.jwk.json</code>.</p>
      ) : (
        <table className="table">
          <thead>
            <tr><th>Agent</th><th>Name</th><th>Status</th><th>Keys</th><th>Registered</th></tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.id}>
                <td><code>{a.id}</code></td>
                <td>{a.name}</td>
                <td><span className={`pill pill-${a.status}`}>{a.status}</span></td>
                <td>
                  {a.keys.map((k) => (
                    <div key={k.kid} className={k.revokedAt ? "revoked" : undefined}>
                      <code title={k.kid}>{k.kid.slice(0, 12)}…</code> {k.revokedAt ? "revoked" : "active"}
                    </div>
                  ))}
                </td>
                <td><Timestamp value={a.createdAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
