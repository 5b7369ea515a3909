import { ZAuditQuery } from "@/lib/domain/audit-query.ts";
import { ZSeqCursor } from "@/lib/domain/list-query.ts";
import { AUDIT_COLUMNS } from "@/lib/server/audit/audit-columns.ts";
import { findAuditEntries } from "@/lib/server/audit/find-audit-entries.ts";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { collectPages } from "@/lib/server/db/page.ts";
import { exportResponse, MAX_EXPORT_ROWS } from "@/lib/server/http/export.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/audit?actor=&action=&subject=&q=&from=&to=&cursor=&limit=&format=csv|json — the audit log, newest first.
export const GET = withRole("dashboard.view", async (request) => {
  const query = ZAuditQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.format) return Response.json(await findAuditEntries(query));
  const rows = await collectPages(async (cursor) => {
    const page = await findAuditEntries({ ...query, limit: 500, cursor: cursor ? ZSeqCursor.parse(cursor) : query.cursor });
    return { rows: page.entries, nextCursor: page.nextCursor };
  }, MAX_EXPORT_ROWS);
  return exportResponse({ format: query.format, name: "audit", rows, columns: AUDIT_COLUMNS });
});
