// Run as a script against a fresh database (DATABASE_URL): its only two admins demote each other at the same
// moment. Prints how many demotions went through and how many active admins are left, as JSON.
import { closeDb, getDb } from "../../lib/server/db/client.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { updateUser } from "../../lib/server/users/update-user.ts";

const [a, b] = [await createUser({ email: "a@race.test", role: "admin", actor: "test" }), await createUser({ email: "b@race.test", role: "admin", actor: "test" })];
const outcomes = await Promise.allSettled([a, b].map((u) => updateUser({ id: u.id, change: { role: "reviewer" }, actor: "test" })));
const activeAdmins = await getDb().user.count({ where: { role: "admin", disabled: false } });
console.log(JSON.stringify({ demoted: outcomes.filter((o) => o.status === "fulfilled").length, activeAdmins }));
await closeDb();
