import "server-only";
import { Prisma } from "../generated/prisma-pg/client.ts";

/**
 * A bigint as a number, in a query result of any shape (rows, nested relations, aggregates, raw rows).
 * Counters are int8 on PostgreSQL and INTEGER on SQLite; the app bounds them to 2^53 − 1 on the way in
 * (lib/domain/event-data.ts), so every one fits a number exactly, and JSON can carry it.
 */
export function bigintsAsNumbers<T>(value: T): T {
  if (typeof value === "bigint") return Number(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = bigintsAsNumbers(value[i]);
    return value;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = bigintsAsNumbers(record[key]);
  }
  return value;
}

/**
 * The PostgreSQL client reads BigInt columns back as numbers, as the SQLite client (whose schema says Int)
 * does: one type for both, and no BigInt reaching a JSON response.
 */
export const readBigintsAsNumbers = Prisma.defineExtension({
  name: "bigints-as-numbers",
  query: {
    async $allOperations({ args, query }) {
      return bigintsAsNumbers(await query(args));
    },
  },
});
