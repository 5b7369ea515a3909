import "server-only";
import { passwordProblem } from "../../domain/password-rules.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { hashPassword } from "../auth/password.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";

/** Sets a user's password (and ends their sessions: the session version moves on). */
export async function setPassword(opts: { email: string; password: string; actor: string }): Promise<void> {
  const problem = passwordProblem(opts.password, opts.email);
  if (problem) throw new AppError("invalid", problem, { problems: [{ path: "password", message: problem }] });
  const passwordHash = await hashPassword(opts.password);
  await transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email: opts.email.trim().toLowerCase() } });
    if (!user) throw new AppError("not_found", `no user ${opts.email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: user.sessionVersion + 1 } });
    await appendAudit(tx, { actor: opts.actor, action: "user.password_set", subject: `user:${user.id}` });
  });
}
