import { describe, expect, inject, it } from "vitest";
import { anchorFilePath, readCheckpoints } from "../../lib/server/audit/anchor-file.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { createTestAgent } from "../factories/agents.ts";

const databaseUrl = inject("databaseUrl");
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("audit anchoring with two replicas", () => {
  it("both replicas anchoring every second sign each new head once, not once per replica", async () => {
    const file = anchorFilePath(databaseUrl); // both replicas run from this checkout: one anchor file
    for (let round = 0; round < 3; round++) {
      await createTestAgent("anchor"); // a new head
      await wait(3_000); // three passes of each replica
    }
    const head = await getDb().auditEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const checkpoints = readCheckpoints(file);
    expect(checkpoints.at(-1)).toMatchObject({ seq: Number(head.seq), hash: head.hash });
    const heads = checkpoints.map((c) => `${c.seq}:${c.hash}`);
    expect(heads.length).toBeGreaterThanOrEqual(3);
    expect(heads).toEqual([...new Set(heads)]);
  });
});
