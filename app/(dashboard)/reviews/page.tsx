import { ReviewQueue } from "@/components/reviews/review-queue";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { findBoundaries } from "@/lib/server/boundaries/find-boundaries.ts";
import { findReviews } from "@/lib/server/reviews/find-reviews.ts";

export const dynamic = "force-dynamic";

/** The review queue: tripped boundaries waiting for a person, oldest first, and the decisions made. */
export default async function ReviewsPage() {
  const { allowed } = await requirePageUser("review.decide");
  const [pending, decided, boundaries] = await Promise.all([
    findReviews({ status: "pending", withEvidence: true }),
    findReviews({ status: "decided" }),
    findBoundaries(),
  ]);
  return <ReviewQueue pending={pending} decided={decided} boundaries={boundaries} canDecide={allowed} />;
}
