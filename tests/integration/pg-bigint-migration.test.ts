import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMigrations, migratePostgres } from "../../lib/server/db/migrate.ts";

// Upgrading a PostgreSQL database made before counters were int8 (prisma/postgres/migrations/0013_bigint_counters).
const pgUrl = process.env.TEST_DATABASE_URL;
const MIGRATION = "0013_bigint_counters";
const BELOW = 2 ** 31 - 1;

describe.runIf(pgUrl)("storage: an existing PostgreSQL database upgraded to int8 counters", () => {
  let url: string;
  let admin: pg.Client;
  let db: pg.Client;
  const name = `firebreak_test_int8_${process.pid}`;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    const u = new URL(pgUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    await migratePostgres(url, loadMigrations("postgresql").filter((m) => m.name < MIGRATION));
    db = new pg.Client({ connectionString: url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await admin?.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin?.end();
  });

  it("keeps every row and value, widens the columns and their sequences, and then stores past 2^31", async () => {
    const now = new Date().toISOString();
    await db.query(`INSERT INTO "Event" ("source","eventId","type","time","kid","payloadHash","jws") VALUES ('a','e1','t',$1,'k','h','j'), ('a','e2','t',$1,'k','h','j')`, [now]);
    await db.query(`INSERT INTO "Boundary" ("id","sender","receiver","epoch","lastSeq","failureCount","updatedAt") VALUES ('bnd_x','a','b',7,$1,$1,$2)`, [BELOW, now]);
    await db.query(`INSERT INTO "BreakerTransition" ("eventSeq","boundaryId","seq","fromState","toState","reason","failureCount","anomalyRate","applied","time") VALUES (1,'bnd_x',$1,'CLOSED','OPEN','r',$1,0,true,$2)`, [BELOW, now]);
    await db.query(`INSERT INTO "AuditEntry" ("actor","action","subject","prevHash","hash") VALUES ('x','y','z','p','h')`);
    const before = await snapshot(db);

    expect((await migratePostgres(url)).applied[0]).toBe(MIGRATION); // and any migration after it

    expect(await snapshot(db)).toEqual(before);
    const types = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE (table_name, column_name) IN (('Event','seq'),('Boundary','epoch'),('Boundary','lastSeq'),('BreakerTransition','seq'),('MessageValidation','fanOut'),('PolicyViolation','count'),('AuditEntry','seq'),('Directive','seq'))`);
    expect(types.rows).toHaveLength(8);
    expect(new Set(types.rows.map((r) => r.data_type))).toEqual(new Set(["bigint"]));
    // The key's sequence goes on past 2^31 − 1 too (a serial's sequence is made AS integer).
    await db.query(`SELECT setval('"Event_seq_seq"', $1)`, [BELOW]);
    const { rows } = await db.query<{ seq: string }>(`INSERT INTO "Event" ("source","eventId","type","time","kid","payloadHash","jws") VALUES ('a','e3','t',$1,'k','h','j') RETURNING "seq"`, [now]);
    expect(Number(rows[0].seq)).toBe(2 ** 31);
  });
});

// Every row of the tables the migration touched, as text.
async function snapshot(db: pg.Client) {
  const out: Record<string, unknown[]> = {};
  for (const table of ["Event", "Boundary", "BreakerTransition", "AuditEntry"]) {
    out[table] = (await db.query(`SELECT * FROM "${table}" ORDER BY 1`)).rows.map((r) => JSON.stringify(Object.values(r).map(String)));
  }
  return out;
}
