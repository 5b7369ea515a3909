import { AgentsTable } from "@/components/agents/agents-table";
import { RegisterAgentForm } from "@/components/agents/register-agent-form";
import { findAgents } from "@/lib/server/agents/find-agents.ts";
import { getCurrentPolicy } from "@/lib/server/policy/get-current-policy.ts";

export const dynamic = "force-dynamic";

/** Registered agents with their keys and the policy version each acknowledged; admins register agents and add keys, security staff revoke and suspend. */
export default async function AgentsPage() {
  const [agents, { version }] = await Promise.all([findAgents(), getCurrentPolicy()]);
  return (
    <>
      <section>
        <h1>Agents</h1>
        {agents.length === 0 ? (
          <p className="empty">No agents yet. Admins register them here or with <code>npm run agent:register -- --id ID --name NAME --out FILE.jwk.json</code>.</p>
        ) : (
          <AgentsTable agents={agents} policyVersion={version} />
        )}
      </section>
      <RegisterAgentForm />
    </>
  );
}
