import "server-only";
import { createHash } from "node:crypto";

export type AuditFields = {
  actor: string;
  action: string;
  subject: string;
  before: string | null;
  after: string | null;
  createdAt: Date;
};

export const GENESIS_HASH = "0".repeat(64);

/** The hash of an audit entry: chained to the previous entry's hash, over every field. */
export function auditHash(prevHash: string, e: AuditFields): string {
  const body = JSON.stringify([prevHash, e.actor, e.action, e.subject, e.before, e.after, e.createdAt.toISOString()]);
  return createHash("sha256").update(body).digest("hex");
}
