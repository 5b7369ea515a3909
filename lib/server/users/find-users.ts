import "server-only";
import { getDb } from "../db/client.ts";
import type { PublicUser } from "./create-user.ts";

/** Lists the people who can sign in, by email. */
export async function findUsers(): Promise<PublicUser[]> {
  return getDb().user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
}
