import { notFound } from "next/navigation";
import { BoundaryTimelineView } from "@/components/boundaries/boundary-timeline";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { getBoundaryTimeline } from "@/lib/server/boundaries/get-boundary-timeline.ts";
import { AppError } from "@/lib/server/errors.ts";

export const dynamic = "force-dynamic";

/** One boundary: its breaker state and everything that happened to it. */
export default async function BoundaryPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser();
  const { id } = await params;
  const timeline = await getBoundaryTimeline({ id }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  return <BoundaryTimelineView initial={timeline} />;
}
