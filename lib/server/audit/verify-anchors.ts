import "server-only";
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from "jose";
import { getDb } from "../db/client.ts";
import { controlPlaneJwks } from "../keys/control-plane-key.ts";
import type { Checkpoint } from "./anchor-file.ts";

export type AnchorVerdict = { ok: true; detail: string } | { ok: false; detail: string };
type Signed = { seq: number; hash: string; at: string };

/**
 * Checks the audit table against the signed checkpoints: the newest must still be there with the hash it
 * vouched for. Names what is wrong: a wiped table, a deleted tail (which entries), or a chain rewritten and
 * re-hashed (after which checkpoint). Signatures are checked with the control plane's keys (or `jwks`).
 */
export async function verifyAnchors(checkpoints: Checkpoint[], jwks?: JSONWebKeySet): Promise<AnchorVerdict> {
  if (checkpoints.length === 0) return { ok: true, detail: "no checkpoints yet: only the chain itself was checked" };
  const keys = createLocalJWKSet(jwks ?? ((await controlPlaneJwks()) as JSONWebKeySet));
  const signed: Signed[] = [];
  for (const cp of checkpoints) {
    try {
      const { payload, protectedHeader } = await compactVerify(cp.jws, keys, { algorithms: ["EdDSA", "Ed25519"] });
      if (protectedHeader.typ !== "fb-anchor+jws") throw new Error("wrong typ");
      signed.push(JSON.parse(new TextDecoder().decode(payload)) as Signed);
    } catch {
      return { ok: false, detail: `the checkpoint of ${cp.at} (entry #${cp.seq}) is not signed by the control plane: the anchor file was tampered with` };
    }
  }
  const db = getDb();
  const latest = signed.at(-1)!;
  const head = await db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if (latest.seq > 0 && !head) {
    return { ok: false, detail: `the audit table is empty, but the checkpoint of ${latest.at} vouched for entries up to #${latest.seq}: the table was wiped` };
  }
  if (latest.seq > (head?.seq ?? 0)) {
    return { ok: false, detail: `entries #${(head?.seq ?? 0) + 1}–#${latest.seq} are missing: the tail was deleted after the checkpoint of ${latest.at}` };
  }
  const found = await hashesAt(signed.map((s) => s.seq));
  const broken = signed.findIndex((s) => s.seq > 0 && found.get(s.seq) !== s.hash);
  if (broken < 0) return { ok: true, detail: `the chain matches the checkpoint of ${latest.at} (entry #${latest.seq})` };
  const first = signed[broken];
  const lastGood = signed.slice(0, broken).reverse().find((s) => found.get(s.seq) === s.hash);
  const where = lastGood ? `after entry #${lastGood.seq} (checkpoint of ${lastGood.at}, still matching)` : "from the start";
  const what = found.has(first.seq) ? `entry #${first.seq} no longer has the hash the checkpoint of ${first.at} signed` : `entry #${first.seq}, signed by the checkpoint of ${first.at}, is gone`;
  return { ok: false, detail: `the chain was rewritten ${where}: ${what}` };
}

async function hashesAt(seqs: number[]): Promise<Map<number, string>> {
  const rows = await getDb().auditEntry.findMany({ where: { seq: { in: [...new Set(seqs)].slice(-5_000) } }, select: { seq: true, hash: true } });
  return new Map(rows.map((r) => [r.seq, r.hash]));
}
