/** One waiting review as an email names it. */
export type WaitingReview = { id: string; sender: string; receiver: string; epoch: number; reason: string | null; createdAt: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The "reviews waiting" email: one review, or a digest of all those opened since the last mail (so a burst
 * of trips makes one message, not a storm). Text and HTML; each review links to Firebreak, where people decide.
 */
export function reviewMail(reviews: WaitingReview[], baseUrl: string): { subject: string; text: string; html: string } {
  const base = baseUrl.replace(/\/$/, "");
  const link = (r: WaitingReview) => `${base}/reviews#${r.id}`;
  const line = (r: WaitingReview) => `${r.sender} → ${r.receiver} (epoch ${r.epoch})${r.reason ? `: ${r.reason}` : ""}`;
  const subject = reviews.length === 1 ? `Review waiting: ${reviews[0].sender} → ${reviews[0].receiver}` : `${reviews.length} reviews waiting in Firebreak`;
  const intro = reviews.length === 1 ? "A tripped boundary is waiting for a person to decide:" : `${reviews.length} tripped boundaries are waiting for a person to decide:`;
  const text = [intro, "", ...reviews.map((r) => `- ${line(r)}\n  ${link(r)}`), "", "Approve or reject in Firebreak (signed in); this email carries no approval.",
    "You get these because you opted in to \"reviews waiting\" emails."].join("\n");
  const html = `<p>${escapeHtml(intro)}</p><ul>${reviews.map((r) => `<li><a href="${escapeHtml(link(r))}">${escapeHtml(line(r))}</a></li>`).join("")}</ul>`
    + `<p>Approve or reject in Firebreak (signed in); this email carries no approval.</p>`;
  return { subject, text, html };
}
