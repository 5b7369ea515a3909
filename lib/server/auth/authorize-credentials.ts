import "server-only";
import { dbProvider, getDb } from "../db/client.ts";
import { memoryLoginDelays } from "./login-delays.ts";
import { sharedLoginDelays } from "./login-delays-shared.ts";
import { dummyPasswordHash, verifyPassword } from "./password.ts";

export type SignedInUser = { id: string; email: string; name: string; role: string; sessionVersion: number };

/** Checks an email and password; null for any failure (wrong password, unknown, disabled, asked to wait) alike. */
export async function authorizeCredentials(opts: { email: string; password: string; address: string }): Promise<SignedInUser | null> {
  const email = opts.email.trim().toLowerCase();
  if (!email || !opts.password || opts.password.length > 1024) return null;
  // An attempt made during a delay is not checked and not counted: waiting out the delay is all it takes.
  // On PostgreSQL every replica counts in one table; SQLite is one process.
  const delays = dbProvider() === "postgresql" ? sharedLoginDelays : memoryLoginDelays;
  if (await delays.mustWait(email, opts.address)) return null;
  const user = await getDb().user.findUnique({ where: { email } });
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled) {
    await delays.recordFailure(email, opts.address);
    return null;
  }
  await delays.recordSuccess(email, opts.address);
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
