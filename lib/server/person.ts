import "server-only";
import { can, type TAction } from "../domain/permissions.ts";
import { AppError } from "./errors.ts";

/** A signed-in person acting through a service (from the session). */
export type Person = { id: string; role: string; email: string };

/** How a person is named in the audit log. */
export const auditActor = (p: Person) => `user:${p.email}`;

/** Services check the role too (defence in depth): throws forbidden unless the person may do the action. */
export function assertCan(person: Person, action: TAction): void {
  if (!can(person.role, action)) throw new AppError("forbidden", `the ${person.role} role may not ${action.replace(".", " ").replace("_", " ")}`);
}

/** A required free-text field (a comment, a reason): trimmed, 1–2000 characters, else 422. */
export function requireText(value: string | undefined | null, field: string): string {
  const text = (value ?? "").trim();
  if (!text) throw new AppError("invalid", `a ${field} is required`, { problems: [{ path: field, message: "required" }] });
  if (text.length > 2000) throw new AppError("invalid", `the ${field} is too long`, { problems: [{ path: field, message: "at most 2000 characters" }] });
  return text;
}
