// People CLI:
//   npm run user:create -- --email E --password P --role reviewer|security|admin [--name N]
//   npm run user:set-role -- --email E --role ROLE
//   npm run user:disable -- --email E [--enable]
import { closeDb } from "../lib/server/db/client.ts";
import { migrate } from "../lib/server/db/migrate.ts";
import { databaseUrl } from "../lib/server/db/url.ts";
import { createUser } from "../lib/server/users/create-user.ts";
import { updateUser } from "../lib/server/users/update-user.ts";
import { cliActor, cliArgs, runCli } from "./cli-args.ts";

const command = process.argv[2];
process.argv.splice(2, 1);

await runCli(async () => {
  await migrate(databaseUrl());
  try {
    if (command === "create") {
      const { values } = cliArgs("npm run user:create -- --email E --password P --role reviewer|security|admin [--name N]",
        { email: { type: "string" }, password: { type: "string" }, role: { type: "string" }, name: { type: "string" } }, ["email", "password", "role"]);
      const user = await createUser({ email: values.email!, password: values.password!, role: values.role!, name: values.name, actor: cliActor() });
      console.log(`created ${user.email} (${user.role})`);
    } else if (command === "set-role") {
      const { values } = cliArgs("npm run user:set-role -- --email E --role ROLE", { email: { type: "string" }, role: { type: "string" } }, ["email", "role"]);
      await updateUser({ email: values.email!, change: { role: values.role! }, actor: cliActor() });
      console.log(`${values.email} is now ${values.role}`);
    } else if (command === "disable") {
      const { values } = cliArgs("npm run user:disable -- --email E [--enable]", { email: { type: "string" }, enable: { type: "boolean" } }, ["email"]);
      const enable = (values.enable as unknown) === true;
      await updateUser({ email: values.email!, change: { disabled: !enable }, actor: cliActor() });
      console.log(`${values.email} is ${enable ? "enabled" : "disabled"}`);
    } else throw new Error(`unknown command ${command}`);
  } finally {
    await closeDb();
  }
});
