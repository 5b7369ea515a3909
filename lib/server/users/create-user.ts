import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { emailInPasswordProblem, passwordProblem } from "../../domain/password-rules.ts";
import { ROLES, type TRole } from "../../domain/permissions.ts";
import { appendAudit } from "../audit/append-audit.ts";
import { hashPassword } from "../auth/password.ts";
import { transaction } from "../db/transaction.ts";
import { orConflict } from "../db/unique-violation.ts";
import { AppError } from "../errors.ts";

export const ZNewUser = z
  .object({
    email: z.email().max(320).transform((e) => e.trim().toLowerCase()),
    name: z.string().trim().max(200).optional(),
    password: z.string().superRefine((password, ctx) => addProblem(ctx, passwordProblem(password))).optional(),
    role: z.enum(ROLES),
  })
  .superRefine((u, ctx) => addProblem(ctx, u.password === undefined ? null : emailInPasswordProblem(u.password, u.email), ["password"]));

function addProblem(ctx: z.RefinementCtx, message: string | null, path: string[] = []): void {
  if (message) ctx.addIssue({ code: "custom", path, message });
}

export type PublicUser = { id: string; email: string; name: string; role: string; disabled: boolean; createdAt: Date };

/** Creates a person who can sign in (password optional for OIDC-only users). */
export async function createUser(opts: { email: string; name?: string; password?: string; role: TRole | string; actor: string }): Promise<PublicUser> {
  const input = ZNewUser.parse(opts);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return transaction(async (tx) => {
    const taken = `a user with email ${input.email} exists`;
    if (await tx.user.findUnique({ where: { email: input.email } })) throw new AppError("conflict", taken);
    const user = await orConflict(() => tx.user.create({
      data: { id: `usr_${randomBytes(9).toString("base64url")}`, email: input.email, name: input.name || input.email.split("@")[0], role: input.role, passwordHash },
      select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
    }), taken);
    await appendAudit(tx, { actor: opts.actor, action: "user.created", subject: `user:${user.id}`, after: { email: user.email, role: user.role } });
    return user;
  });
}
