// npm run audit:verify [-- --anchors FILE] [--jwks FILE] — recomputes the audit log's hash chain and checks it
// against the newest signed checkpoint of the anchor file; exit 1 naming the first edited, inserted or deleted
// entry, a deleted tail, a wiped table or a re-hashed chain; exit 0 when both hold.
import { readFileSync } from "node:fs";
import { anchorFilePath, readCheckpoints } from "../lib/server/audit/anchor-file.ts";
import { verifyAnchors } from "../lib/server/audit/verify-anchors.ts";
import { verifyAuditChain } from "../lib/server/audit/verify-audit.ts";
import { closeDb } from "../lib/server/db/client.ts";
import { cliArgs, runCli } from "./cli-args.ts";

const { values } = cliArgs("npm run audit:verify [-- --anchors FILE] [--jwks FILE]", { anchors: { type: "string" }, jwks: { type: "string" } });

await runCli(async () => {
  try {
    const file = values.anchors ?? anchorFilePath();
    const jwksFile = values.jwks;
    const verdict = await verifyAuditChain();
    const anchors = await verifyAnchors(readCheckpoints(file), jwksFile ? JSON.parse(readFileSync(jwksFile, "utf8")) : undefined);
    const problems = [
      ...(verdict.ok ? [] : [`audit log broken at entry #${verdict.broken.seq} (${verdict.broken.kind}): ${verdict.broken.detail}`]),
      ...(anchors.ok ? [] : [`audit log does not match its anchor (${file}): ${anchors.detail}`]),
    ];
    if (problems.length) throw new Error(problems.join("\n"));
    console.log(`audit log intact: ${verdict.entries} entries chain from the start; ${anchors.detail}`);
    const { count, oldest } = verdict.pending;
    // Committed, not chained yet: a running server chains them within a second or so; none running, they wait.
    if (count) console.log(`${count} more committed entries wait in the audit outbox (oldest ${oldest?.toISOString()}); a running server chains them`);
  } finally {
    await closeDb();
  }
});
