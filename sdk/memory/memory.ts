import { createHash } from "node:crypto";
import { timeOrderedId } from "../time-ordered-id.ts";
import { MAX_ID_LENGTH } from "../../lib/domain/ids.ts";
import { checkMemoryRead } from "../../lib/domain/memory-access.ts";
import { extendChain } from "../../lib/domain/provenance.ts";
import { reportViolation, type TAgentContext } from "../context.ts";
import { FirebreakError, PolicyViolationError } from "../errors.ts";
import type { TMemoryRecord, TMemoryStore } from "./store.ts";

/** Options of a write: the ids the value derives from, and the chain it continues (origin → previous agent). */
export type TWriteOptions = { derivedFrom: string[]; chain?: string[] };

/** An agent's view of the shared memory: writes to its own partition, reads others' only with a policy grant. */
export type TAgentMemory = {
  /** Writes `value` under `key` in this agent's partition, reports firebreak.memory.write, returns the record id. */
  write(key: string, value: unknown, opts: TWriteOptions): Promise<string>;
  /** Reads `key` of `partition` (another agent's needs a grant, else PolicyViolationError grant_missing); reports firebreak.memory.read. */
  read(partition: string, key: string): Promise<TMemoryRecord | undefined>;
};

/** sha256 (lowercase hex) of a value's JSON text: the valueHash of memory.write events. */
export function valueHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value ?? null)).digest("hex");
}

function checkKey(key: string, derivedFrom: readonly string[]): void {
  if (typeof key !== "string" || key.length === 0 || key.length > 500) throw new FirebreakError("invalid_key", "a memory key is 1 to 500 characters");
  if (derivedFrom.length > 256 || !derivedFrom.every((d) => typeof d === "string" && d.length > 0 && d.length <= MAX_ID_LENGTH)) {
    throw new FirebreakError("invalid_key", `derivedFrom holds at most 256 ids of 1 to ${MAX_ID_LENGTH} characters`);
  }
}

/** The memory of one agent over a (shared) store. */
export function agentMemory(ctx: TAgentContext, store: TMemoryStore): TAgentMemory {
  return {
    async write(key, value, opts) {
      const derivedFrom = [...new Set(opts.derivedFrom)];
      checkKey(key, derivedFrom);
      const chain = opts.chain && opts.chain.length > 0 ? extendChain(opts.chain, ctx.id) : [ctx.id];
      const value_ = JSON.parse(JSON.stringify(value ?? null)) as unknown;
      const record: TMemoryRecord = {
        recordId: `rec-${timeOrderedId()}`, partition: ctx.id, key, value: value_, valueHash: valueHash(value_), derivedFrom, chain, writtenAt: ctx.clock.now(),
      };
      await store.put(record);
      const { recordId, partition, valueHash: hash } = record;
      ctx.reporter.report("firebreak.memory.write", { recordId, partition, key, valueHash: hash, derivedFrom, chain });
      return recordId;
    },
    async read(partition, key) {
      const check = checkMemoryRead(ctx.policy.policy.memory.grants, ctx.id, partition, ctx.clock.now());
      if (!check.ok) {
        reportViolation(ctx, check);
        throw new PolicyViolationError(check);
      }
      const record = await store.get(partition, key);
      if (record) ctx.reporter.report("firebreak.memory.read", { recordId: record.recordId, partition, key });
      return record;
    },
  };
}
