import "server-only";
import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/append-audit.ts";
import { transaction } from "../db/transaction.ts";

/** Creates or updates the user behind an OIDC sign-in with the role its claims map to; null when none maps. */
export async function upsertOidcUser(user: { email?: string | null; name?: string | null; role?: string | null }): Promise<string | null> {
  if (!user.email || !user.role) return null;
  const email = user.email.toLowerCase();
  return transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email } });
    if (existing?.disabled) return null;
    if (existing) {
      if (existing.role !== user.role) {
        await tx.user.update({ where: { id: existing.id }, data: { role: user.role! } });
        await appendAudit(tx, { actor: "oidc", action: "user.role_changed", subject: `user:${existing.id}`, before: { role: existing.role }, after: { role: user.role } });
      }
      return existing.id;
    }
    const id = `usr_${randomBytes(9).toString("base64url")}`;
    await tx.user.create({ data: { id, email, name: user.name ?? email, role: user.role!, passwordHash: null } });
    await appendAudit(tx, { actor: "oidc", action: "user.created", subject: `user:${id}`, after: { email, role: user.role } });
    return id;
  });
}
