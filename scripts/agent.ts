// Agent registry CLI:
//   npm run agent:register -- --id ID --name NAME --out FILE.jwk.json   (or --public-key FILE to register your own key)
//   npm run agent:add-key -- --id ID --public-key FILE   (a further key for an existing agent, e.g. to rotate)
//   npm run agent:revoke-key -- --kid KID
//   npm run agent:suspend -- --id ID [--resume]
import { readFileSync, writeFileSync } from "node:fs";
import { addAgentKey } from "../lib/server/agents/add-agent-key.ts";
import { registerAgent } from "../lib/server/agents/register-agent.ts";
import { revokeKey } from "../lib/server/agents/revoke-key.ts";
import { setAgentStatus } from "../lib/server/agents/set-agent-status.ts";
import { announceToReplicas } from "../lib/server/bus-postgres.ts";
import { closeDb } from "../lib/server/db/client.ts";
import { migrate } from "../lib/server/db/migrate.ts";
import { databaseUrl } from "../lib/server/db/url.ts";
import { cliActor, cliArgs, runCli } from "./cli-args.ts";

const command = process.argv[2];
process.argv.splice(2, 1);

await runCli(async () => {
  await migrate(databaseUrl());
  try {
    if (command === "register") await register();
    else if (command === "add-key") await addKey();
    else if (command === "revoke-key") await revoke();
    else if (command === "suspend") await suspend();
    else throw new Error(`unknown command ${command}`);
  } finally {
    await closeDb();
  }
});

async function register() {
  const usage = "npm run agent:register -- --id ID --name NAME (--out FILE.jwk.json | --public-key FILE)";
  const { values } = cliArgs(usage, { id: { type: "string" }, name: { type: "string" }, out: { type: "string" }, "public-key": { type: "string" } }, ["id"]);
  if (!values.out === !values["public-key"]) throw new Error(`give exactly one of --out or --public-key\nusage: ${usage}`);
  const publicJwk = values["public-key"] ? JSON.parse(readFileSync(values["public-key"], "utf8")) : undefined;
  const result = await registerAgent({ id: values.id!, name: values.name ?? values.id!, publicJwk, actor: cliActor() });
  if (result.privateJwk && values.out) {
    writeFileSync(values.out, JSON.stringify(result.privateJwk, null, 2) + "\n", { mode: 0o600 });
    console.error(`wrote the private key of ${result.agentId} to ${values.out} (mode 600); keep it secret`);
  }
  console.log(result.kid);
}

async function addKey() {
  const { values } = cliArgs("npm run agent:add-key -- --id ID --public-key FILE", { id: { type: "string" }, "public-key": { type: "string" } }, ["id", "public-key"]);
  const r = await addAgentKey({ agentId: values.id!, publicJwk: JSON.parse(readFileSync(values["public-key"]!, "utf8")), actor: cliActor() });
  await announceToReplicas({ type: "agent.updated", agentId: r.agentId });
  console.log(r.kid);
}

async function revoke() {
  const { values } = cliArgs("npm run agent:revoke-key -- --kid KID", { kid: { type: "string" } }, ["kid"]);
  const r = await revokeKey({ kid: values.kid!, actor: cliActor() });
  // The running replicas keep keys in memory: on PostgreSQL they hear of the change through the bus.
  await announceToReplicas({ type: "agent.updated", agentId: r.agentId });
  console.log(`revoked ${r.kid} of ${r.agentId}`);
}

async function suspend() {
  const { values } = cliArgs("npm run agent:suspend -- --id ID [--resume]", { id: { type: "string" }, resume: { type: "boolean" } }, ["id"]);
  const status = (values.resume as unknown) === true ? "active" : "suspended";
  await setAgentStatus({ id: values.id!, status, actor: cliActor() });
  await announceToReplicas({ type: "agent.updated", agentId: values.id! });
  console.log(`${values.id} is ${status}`);
}
