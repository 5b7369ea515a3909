import type { TValidation } from "../../sdk/index.ts";

/** Refuses text parts containing any denied phrase (case-insensitive). */
export function checkDeny(phrases: readonly string[], text: string[]): TValidation {
  const lowered = phrases.map((p) => p.toLowerCase());
  for (const t of text) {
    const lower = t.toLowerCase();
    const hit = lowered.findIndex((p) => lower.includes(p));
    if (hit >= 0) return { ok: false, reason: `denied phrase in a text part: "${phrases[hit]}"`, anomalyScore: 1 };
  }
  return { ok: true };
}
