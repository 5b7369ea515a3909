import "server-only";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { config } from "../config/config.ts";
import { databaseUrl, providerOf, sqlitePath } from "../db/url.ts";

/** One signed checkpoint of the audit chain, as a line of the anchor file. The jws is what counts. */
export type Checkpoint = { seq: number; hash: string; at: string; kid: string; jws: string };

/**
 * FIREBREAK_AUDIT_ANCHOR_FILE, or a file beside the data named after the database: `<file>.anchors.jsonl`
 * next to the SQLite file, `data/<database>.anchors.jsonl` with PostgreSQL (one database, one anchor file).
 */
export function anchorFilePath(url = databaseUrl()): string {
  const configured = config().FIREBREAK_AUDIT_ANCHOR_FILE;
  if (configured) return path.resolve(configured);
  if (providerOf(url) === "sqlite" && sqlitePath(url) !== ":memory:") return `${path.resolve(sqlitePath(url))}.anchors.jsonl`;
  const name = providerOf(url) === "postgresql" ? new URL(url).pathname.slice(1) || "postgres" : "memory";
  return path.resolve("data", `${name.replace(/[^a-zA-Z0-9_-]/g, "_")}.anchors.jsonl`);
}

/** Appends one checkpoint (opened append-only, flushed to disk before this returns). */
export function appendCheckpoint(cp: Checkpoint, file = anchorFilePath()): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(/*turbopackIgnore: true*/ file, "a");
  try {
    writeSync(fd, `${JSON.stringify(cp)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Every checkpoint in the file, oldest first (lines that do not parse are skipped: the signature decides). */
export function readCheckpoints(file = anchorFilePath()): Checkpoint[] {
  // The file is wherever the operator put it: not part of the build (hence the ignore comments).
  if (!existsSync(/*turbopackIgnore: true*/ file)) return [];
  return readFileSync(/*turbopackIgnore: true*/ file, "utf8").split("\n").flatMap((line) => {
    try {
      const cp = JSON.parse(line) as Checkpoint;
      return typeof cp?.jws === "string" ? [cp] : [];
    } catch {
      return [];
    }
  });
}
