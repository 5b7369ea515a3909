import "server-only";
import { checkJwsHeader } from "../../domain/jws-header.ts";
import type { TEventSummary } from "../../domain/event-query.ts";
import { getDb } from "../db/client.ts";
import { AppError } from "../errors.ts";
import { verifyEd25519Jws } from "../keys/ed25519-verify.ts";
import { toEventSummary } from "./event-summary.ts";

/** The signature of a stored event, checked again now against the registered key its header names. */
export type SignatureCheck = {
  alg: string | null;
  kid: string;
  typ: string | null;
  /** valid | invalid | unknown_key (the key is no longer registered) */
  status: "valid" | "invalid" | "unknown_key";
  keyRevokedAt: string | null;
};

/** One stored event: its summary, the payload as signed, and its signature re-verified. */
export type EventDetail = { event: TEventSummary; payload: unknown; signature: SignatureCheck };

/** The event stored under `seq`, its signature re-verified now; not_found when there is none. */
export async function getEvent(opts: { seq: number }): Promise<EventDetail> {
  const row = await getDb().event.findUnique({ where: { seq: opts.seq } });
  if (!row) throw new AppError("not_found", `no event #${opts.seq}`);
  const header = checkJwsHeader(row.jws, "fb-event+jws");
  const raw = header.ok ? header.header : {};
  const key = await getDb().agentKey.findUnique({ where: { kid: row.kid }, select: { publicJwk: true, revokedAt: true } });
  const verified = key ? verifyEd25519Jws(row.jws, (JSON.parse(key.publicJwk) as { x: string }).x) : null;
  const payloadText = Buffer.from(row.jws.split(".")[1] ?? "", "base64url").toString("utf8");
  return {
    event: toEventSummary(row),
    payload: JSON.parse(payloadText),
    signature: {
      alg: typeof raw.alg === "string" ? raw.alg : null,
      kid: row.kid,
      typ: typeof raw.typ === "string" ? raw.typ : null,
      status: !key ? "unknown_key" : verified ? "valid" : "invalid",
      keyRevokedAt: key?.revokedAt?.toISOString() ?? null,
    },
  };
}
