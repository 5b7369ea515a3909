import { expect, inject, it } from "vitest";
import { startServer } from "../support/server.ts";

it("production: the server refuses to start without NEXTAUTH_SECRET and says why", async () => {
  await expect(startServer({ DATABASE_URL: inject("databaseUrl"), NEXTAUTH_SECRET: "" })).rejects.toThrow(/set NEXTAUTH_SECRET/);
});

it("health: /api/health answers 200 with the database kind", async () => {
  const res = await fetch(`${inject("baseUrl")}/api/health`);
  expect(res.status).toBe(200);
  expect((await res.json()).ok).toBe(true);
});
