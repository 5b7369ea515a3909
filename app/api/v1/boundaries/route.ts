import { withRole } from "@/lib/server/auth/with-role.ts";
import { findBoundaries } from "@/lib/server/boundaries/find-boundaries.ts";

export const dynamic = "force-dynamic";

// GET /api/v1/boundaries — every boundary with its mirrored breaker state and pending review, unhealthy first.
export const GET = withRole("dashboard.view", async () => Response.json({ boundaries: await findBoundaries() }));
