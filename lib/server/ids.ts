import "server-only";
import { randomBytes } from "node:crypto";

/** A new prefixed id (`rev_…`, `inc_…`, `apv_…`): 20 random base32-ish characters after the prefix. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(15).toString("base64url").toLowerCase().replace(/[^a-z0-9]/g, "0")}`;
}
