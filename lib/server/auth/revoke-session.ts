import "server-only";
import { getDb } from "../db/client.ts";

/** Ends one session at once: its id is refused from now until the token would have expired anyway. */
export async function revokeSession(opts: { sessionId: string; expiresAt: Date; now?: Date }): Promise<void> {
  const db = getDb();
  const now = opts.now ?? new Date();
  await db.revokedSession.upsert({ where: { id: opts.sessionId }, create: { id: opts.sessionId, expiresAt: opts.expiresAt }, update: {} });
  // Tokens past their expiry are refused by next-auth itself: their entries are no longer needed.
  await db.revokedSession.deleteMany({ where: { expiresAt: { lt: now } } });
}

/** Whether a session was signed out. */
export async function isSessionRevoked(sessionId: string): Promise<boolean> {
  return (await getDb().revokedSession.findUnique({ where: { id: sessionId }, select: { id: true } })) !== null;
}
