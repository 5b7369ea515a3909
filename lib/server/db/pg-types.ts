import "server-only";
import pg from "pg";

const TIMESTAMP = 1114; // timestamp without time zone: Prisma's DateTime, kept in UTC
const INT8 = 20;

/**
 * How our own `pg` queries read values, as the Prisma adapter gives them: int8 as a number (counters are
 * bounded to 2^53 − 1, and count(*) is an int8 too), a timestamp as the UTC instant it stores.
 */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return (text: string) => Number(text);
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    return pg.types.getTypeParser(oid, format as "text");
  }) as typeof pg.types.getTypeParser,
};
