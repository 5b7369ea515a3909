import "server-only";
import type { Db } from "./client.ts";

/** A Prisma transaction client (or the client itself) that services accept to join a caller's transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
