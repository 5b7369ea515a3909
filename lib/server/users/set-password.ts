import { appendAudit } from "../audit/append-audit.ts";
import { hashPassword } from "../auth/password.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";

/** Sets a user's password (and ends their sessions: the session version moves on). */
export async function setPassword(opts: { email: string; password: string; actor: string }): Promise<void> {
  if (opts.password.length < 12) throw new AppError("invalid", "use at least 12 characters", { problems: [{ path: "password", message: "use at least 12 characters" }] });
  const passwordHash = await hashPassword(opts.password);
  await getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: opts.email.trim().toLowerCase() } });
    if (!user) throw new AppError("not_found", `no user ${opts.email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: user.sessionVersion + 1 } });
    await appendAudit(tx, { actor: opts.actor, action: "user.password_set", subject: `user:${user.id}` });
  });
}
