import { getDb } from "../db/client.ts";
import { isLoginThrottled, recordLoginFailure, recordLoginSuccess } from "./login-throttle.ts";
import { dummyPasswordHash, verifyPassword } from "./password.ts";

export type SignedInUser = { id: string; email: string; name: string; role: string; sessionVersion: number };

/** Checks an email and password; null for any failure (wrong password, unknown, disabled, throttled) alike. */
export async function authorizeCredentials(opts: { email: string; password: string; address: string }): Promise<SignedInUser | null> {
  const email = opts.email.trim().toLowerCase();
  if (!email || !opts.password || opts.password.length > 1024) return null;
  if (isLoginThrottled(email, opts.address)) return null;
  const user = await getDb().user.findUnique({ where: { email } });
  const ok = await verifyPassword(opts.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled) {
    recordLoginFailure(email, opts.address);
    return null;
  }
  recordLoginSuccess(email);
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}
