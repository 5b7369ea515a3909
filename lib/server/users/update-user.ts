import "server-only";
import { isRole } from "../../domain/permissions.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";
import { AppError } from "../errors.ts";

export type UserChange = { role?: string; disabled?: boolean };

/**
 * Changes a user's role or disables/enables them. Every request re-reads the user, so either applies to
 * their very next request; disabling also bumps the session version, which ends their sessions for good.
 */
export async function updateUser(opts: { id?: string; email?: string; change: UserChange; actor: string }): Promise<void> {
  if (opts.change.role !== undefined && !isRole(opts.change.role)) throw new AppError("invalid", `role must be reviewer, security or admin`);
  // Two admins demoted at once would each count the other and both go: changes to users take turns.
  await transaction(async (tx) => {
    const where = opts.id ? { id: opts.id } : { email: (opts.email ?? "").trim().toLowerCase() };
    const user = await tx.user.findUnique({ where });
    if (!user) throw new AppError("not_found", `no user ${opts.id ?? opts.email}`);
    const losesAdmin = user.role === "admin" && !user.disabled && ((opts.change.role ?? "admin") !== "admin" || opts.change.disabled === true);
    // Nobody could manage users any more: refuse rather than lock everyone out.
    if (losesAdmin && (await tx.user.count({ where: { role: "admin", disabled: false, id: { not: user.id } } })) === 0) {
      throw new AppError("conflict", "this is the last active admin: make someone else admin first");
    }
    const data = { ...opts.change, sessionVersion: user.sessionVersion + (opts.change.disabled ? 1 : 0) };
    await tx.user.update({ where: { id: user.id }, data });
    const action = opts.change.disabled === true ? "user.disabled" : opts.change.disabled === false ? "user.enabled" : "user.role_changed";
    await appendAudit(tx, {
      actor: opts.actor,
      action,
      subject: `user:${user.id}`,
      before: { role: user.role, disabled: user.disabled },
      after: { role: opts.change.role ?? user.role, disabled: opts.change.disabled ?? user.disabled },
    });
  }, { turns: "adminRoles" });
}
