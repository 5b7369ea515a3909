import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "../../lib/server/db/client.ts";
import { createUser } from "../../lib/server/users/create-user.ts";
import { signIn } from "../factories/session.ts";

const [A, B] = inject("replicaUrls");

// The replicas allow 3 failures per (account, address), then wait 60 s (tests/support/replicas-setup.ts).
describe("sign-in delays are shared by the replicas", () => {
  it("wrong passwords on replica A pause the account on replica B too; attempts during the pause are not counted", async () => {
    const email = `storm-${randomUUID().slice(0, 8)}@example.test`;
    const password = `pw-${randomUUID()}`;
    await createUser({ email, password, role: "reviewer", actor: "test" });
    for (let i = 0; i < 3; i++) expect((await signIn(email, `wrong-${i}`, A)).ok).toBe(false);

    expect((await signIn(email, password, B)).ok).toBe(false); // the right password, refused during the pause
    expect((await signIn(email, "wrong-again", B)).ok).toBe(false);
    expect((await signIn(email, password, A)).ok).toBe(false);

    const rows = await getDb().loginThrottle.findMany({ where: { key: { in: [`pair:${email}|127.0.0.1`, `acct:${email}`] } } });
    expect(rows.map((r) => [r.key.split(":")[0], r.failures]).sort()).toEqual([["acct", 3], ["pair", 3]]);
  });

  it("a person who signs in right on one replica is not paused on the other", async () => {
    const email = `calm-${randomUUID().slice(0, 8)}@example.test`;
    const password = `pw-${randomUUID()}`;
    await createUser({ email, password, role: "reviewer", actor: "test" });
    expect((await signIn(email, "typo", A)).ok).toBe(false);
    expect((await signIn(email, password, B)).ok).toBe(true);
    expect((await signIn(email, password, A)).ok).toBe(true);
    expect(await getDb().loginThrottle.count({ where: { key: `pair:${email}|127.0.0.1` } })).toBe(0);
  });
});
