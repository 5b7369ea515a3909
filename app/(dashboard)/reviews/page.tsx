import { FilterForm } from "@/components/lists/filter-form";
import { ExportLinks, Pager, setFilters } from "@/components/lists/pager";
import { ReviewHistory } from "@/components/reviews/review-history";
import { ReviewQueue } from "@/components/reviews/review-queue";
import { REVIEW_OUTCOMES, ZReviewHistoryQuery } from "@/lib/domain/review-history-query.ts";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { findBoundaries } from "@/lib/server/boundaries/find-boundaries.ts";
import { readList } from "@/lib/server/http/list-params.ts";
import { findReviewHistory } from "@/lib/server/reviews/find-review-history.ts";
import { findReviews } from "@/lib/server/reviews/find-reviews.ts";

export const dynamic = "force-dynamic";

/** The review queue: tripped boundaries waiting for a person, oldest first; and the decisions made, filtered and paged. */
export default async function ReviewsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user, allowed } = await requirePageUser("review.decide");
  const [pending, boundaries, { raw, page, problems }] = await Promise.all([
    findReviews({ status: "pending", withEvidence: true }),
    findBoundaries(),
    readList(await searchParams, ZReviewHistoryQuery, findReviewHistory),
  ]);
  const { cursor, format: _format, ...filters } = raw;
  const history = (
    <>
      <FilterForm
        path="/reviews"
        label="Filter the review history"
        values={filters}
        fields={[
          { name: "q", label: "Search", kind: "text", placeholder: "words in a comment" },
          { name: "boundary", label: "Boundary", kind: "select", options: boundaries.map((b) => ({ value: b.id, label: `${b.sender} → ${b.receiver}` })) },
          { name: "decision", label: "Outcome", kind: "select", options: REVIEW_OUTCOMES.map((o) => ({ value: o, label: o })) },
          { name: "reviewer", label: "Reviewer", kind: "text", placeholder: "email" },
        ]}
      />
      {problems.length > 0 && <ul role="alert" className="form-error">{problems.map((p) => <li key={p}>{p}</li>)}</ul>}
      <ExportLinks api="/api/v1/reviews?status=decided" filters={filters} what="decisions" />
      <ReviewHistory initial={page ?? { reviews: [], nextCursor: null }} params={new URLSearchParams(setFilters({ ...filters, cursor })).toString()} boundaries={boundaries} />
      <Pager path="/reviews" filters={filters} cursor={cursor} nextCursor={page?.nextCursor ?? null} older="Older decisions" />
    </>
  );
  return <ReviewQueue pending={pending} boundaries={boundaries} canDecide={allowed} meId={user.id} history={history} />;
}
