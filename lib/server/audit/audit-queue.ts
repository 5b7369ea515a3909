import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/** What one transaction() wrote to the audit outbox. */
export type AuditScope = { queued: number };

// Shared by every bundle of this process (Next may load this module more than once).
const holder = ((globalThis as Record<string, unknown>).__firebreakAuditScope ??= new AsyncLocalStorage<AuditScope>()) as AsyncLocalStorage<AuditScope>;

/** Runs fn with a fresh scope counting the outbox rows written inside it; gives both back. */
export async function withAuditScope<T>(fn: () => Promise<T>): Promise<{ result: T; queued: number }> {
  const scope: AuditScope = { queued: 0 };
  const result = await holder.run(scope, fn);
  return { result, queued: scope.queued };
}

/** Notes outbox rows (one unless told) in the current transaction's scope; false when there is none (they are committed). */
export function noteQueued(rows = 1): boolean {
  const scope = holder.getStore();
  if (scope) scope.queued += rows;
  return scope !== undefined;
}

/** The outbox rows noted in the current transaction's scope, and the count set back to none: they are chained. */
export function takeQueued(): number {
  const scope = holder.getStore();
  const queued = scope?.queued ?? 0;
  if (scope) scope.queued = 0;
  return queued;
}
