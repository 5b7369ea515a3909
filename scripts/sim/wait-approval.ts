import { ControlPlaneError, type TAgent } from "../../sdk/index.ts";
import type { TNarrator } from "./narrator.ts";

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/**
 * Polls the receiver's directives until its breaker on `sender` leaves OPEN (a reviewer approved and the
 * cooldown passed). Returns false after `timeoutS` (0 = wait forever) or when `stopped()` says so.
 */
export async function waitForHalfOpen(receiver: TAgent, sender: string, url: string, n: TNarrator, timeoutS: number, stopped: () => boolean): Promise<boolean> {
  const b = receiver.breaker(sender);
  n.say(receiver.id, `⏸ ${sender} → ${receiver.id} is OPEN (epoch ${b.epoch}); a review waits at ${url}/reviews`);
  n.say(receiver.id, `   the cooldown ends at ${time(b.cooldownEndsAt ?? Date.now())} UTC; polling directives every 2 s for the approval`);
  const deadline = timeoutS > 0 ? Date.now() + timeoutS * 1000 : Number.POSITIVE_INFINITY;
  const told = new Set<string>();
  const once = (key: string, text: string) => told.has(key) || (told.add(key), n.say(receiver.id, text));
  while (!stopped() && Date.now() < deadline) {
    try {
      await receiver.pollDirectives();
    } catch (err) {
      const e = err as ControlPlaneError;
      if (e.code === "not_found") once("404", "   the directives endpoint answers 404 (not deployed yet): no approval can arrive");
      else once(e.code ?? "error", `   ⚠ directive poll failed: ${e.message}`);
    }
    const now = receiver.breaker(sender);
    if (now.state !== "OPEN") return true;
    if (now.approval) once(now.approval.approvalId, `   ✔ approval ${now.approval.approvalId} received; probing is allowed from ${time(Math.max(now.approval.notBefore, now.cooldownEndsAt ?? 0))} UTC`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
  if (!stopped()) n.say(receiver.id, `   no approval within ${timeoutS} s: the boundary stays OPEN`);
  return false;
}
