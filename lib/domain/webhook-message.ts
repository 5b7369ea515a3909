import type { TWebhookFormat } from "./webhooks.ts";

type Data = Record<string, unknown>;

/** The JSON body of one delivery: a Standard Webhooks event, or a chat message for a Slack-compatible URL. */
export function webhookBody(opts: { kind: string; data: Data; format: TWebhookFormat; timestamp: Date; baseUrl: string }): string {
  const data = { ...opts.data, ...links(opts.data, opts.baseUrl) };
  if (opts.format === "slack") return JSON.stringify({ text: slackText(opts.kind, data) });
  return JSON.stringify({ type: opts.kind, timestamp: opts.timestamp.toISOString(), data });
}

// Where a person acts on the event: in Firebreak, signed in (a message never carries an approval).
function links(d: Data, baseUrl: string): Data {
  const base = baseUrl.replace(/\/$/, "");
  if (typeof d.reviewId === "string") return { url: `${base}/reviews#${d.reviewId}` };
  if (typeof d.boundaryId === "string") return { url: `${base}/boundaries/${d.boundaryId}` };
  if (typeof d.incidentId === "string") return { url: `${base}/incidents` };
  return {};
}

const edge = (d: Data) => (d.sender && d.receiver ? `${d.sender} → ${d.receiver}` : String(d.boundaryId ?? ""));
const link = (d: Data, label: string) => (typeof d.url === "string" ? ` <${d.url}|${label}>` : "");

/** One readable chat line (Slack mrkdwn) per event kind: boundary, reason, evidence, blast radius, a link. */
export function slackText(kind: string, d: Data): string {
  switch (kind) {
    case "review.opened": {
      const blast = Array.isArray(d.blastRadius) ? d.blastRadius.join(", ") : "";
      return [
        `:rotating_light: *Review waiting*: ${edge(d)} tripped (epoch ${d.epoch}) — ${d.reason ?? "no reason given"}.`,
        `Evidence: ${d.rejectedMessages ?? 0} rejected message(s), anomaly rate ${d.anomalyRate ?? 0}.`,
        `Blast radius: ${blast || "none downstream"}. Needs ${d.requiredApprovals ?? 1} approval(s).${link(d, "Open the review")}`,
      ].join("\n");
    }
    case "review.decided":
      return `:white_check_mark: Review of ${edge(d)} ${d.status} by ${d.decidedBy}: "${d.comment}".${link(d, "Open")}`;
    case "review.expired":
      return `:hourglass: An approval for ${edge(d)} expired unused; the boundary stays OPEN.${link(d, "Decide again")}`;
    case "boundary.tripped":
      return `:no_entry: ${edge(d)} is OPEN (epoch ${d.epoch}): ${d.reason ?? "tripped"}.${link(d, "Boundary")}`;
    case "boundary.closed":
      return `:large_green_circle: ${edge(d)} closed again.${link(d, "Boundary")}`;
    case "incident.opened":
      return `:warning: Incident *${d.type}*: ${d.detail}${link(d, "Incidents")}`;
    case "policy.published":
      return `:scroll: Policy version ${d.version} published by ${d.publishedBy}.`;
    case "audit.anchored":
      return `:anchor: Audit log anchored at entry #${d.seq} (${String(d.hash).slice(0, 12)}…).`;
    case "agent.suspended":
      return `:pause_button: Agent ${d.agentId} suspended by ${d.actor}.`;
    case "key.revoked":
      return `:key: Key ${d.kid} of agent ${d.agentId} revoked by ${d.actor}.`;
    default:
      return `Firebreak ${kind}: ${JSON.stringify(d)}`;
  }
}
