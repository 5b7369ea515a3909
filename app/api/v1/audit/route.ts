import { ZAuditQuery } from "@/lib/domain/audit-query.ts";
import { ZSeqCursor } from "@/lib/domain/list-query.ts";
import { AUDIT_COLUMNS } from "@/lib/server/audit/audit-columns.ts";
import { findAuditEntries } from "@/lib/server/audit/find-audit-entries.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { listOrExport } from "@/lib/server/http/export.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/audit?actor=&action=&subject=&q=&from=&to=&cursor=&limit=&format=csv|json — the audit log, newest first.
export const GET = withRole("dashboard.view", async (request) =>
  listOrExport(ZAuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams)), {
    name: "audit", find: findAuditEntries, rows: (p) => p.entries, parseCursor: (c) => ZSeqCursor.parse(c), columns: AUDIT_COLUMNS,
  }));
