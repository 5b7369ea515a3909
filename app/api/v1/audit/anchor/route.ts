import { withRole } from "@/lib/server/auth/with-role.ts";
import { anchorAuditHead, lastCheckpoint } from "@/lib/server/audit/anchor-audit.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/audit/anchor — the newest signed checkpoint of the audit chain, or null (everyone signed in).
export const GET = withRole("dashboard.view", async () => Response.json({ checkpoint: lastCheckpoint() }, { headers: { "cache-control": "no-store" } }));

// POST /api/v1/audit/anchor — anchor the chain's head now → 201 {checkpoint} (admins).
export const POST = withRole("audit.anchor", async () => Response.json({ checkpoint: await anchorAuditHead({ force: true }) }, { status: 201 }));
