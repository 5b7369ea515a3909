// npm run audit:verify — recomputes the audit log's hash chain; exit 1 naming the first edited, inserted or
// deleted entry, exit 0 when the chain is whole.
import { verifyAuditChain } from "../lib/server/audit/verify-audit.ts";
import { closeDb } from "../lib/server/db/client.ts";
import { runCli } from "./cli-args.ts";

await runCli(async () => {
  try {
    const verdict = await verifyAuditChain();
    if (!verdict.ok) throw new Error(`audit log broken at entry #${verdict.broken.seq} (${verdict.broken.kind}): ${verdict.broken.detail}`);
    console.log(`audit log intact: ${verdict.entries} entries chain from the start`);
  } finally {
    await closeDb();
  }
});
