import "server-only";
import { getDb, dbProvider } from "./db/client.ts";

/** Whether the database answers a trivial query. */
export async function checkHealth(): Promise<{ ok: boolean; database: string }> {
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    return { ok: true, database: dbProvider() };
  } catch {
    return { ok: false, database: "unreachable" };
  }
}
