import { Forbidden } from "@/components/layout/forbidden";
import { Timestamp } from "@/components/layout/time-ago";
import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { RedeliverButton, WebhookControls } from "@/components/webhooks/webhook-controls";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { findDeliveries, findWebhooks } from "@/lib/server/webhooks/find-webhooks.ts";

export const dynamic = "force-dynamic";

/** Outbound webhooks (admins): subscriptions, their recent deliveries, test sends and redelivery. */
export default async function WebhooksPage() {
  const { user, allowed } = await requirePageUser("webhook.manage");
  if (!allowed) return <Forbidden role={user.role} what="manage webhooks" />;
  const hooks = await findWebhooks();
  const deliveries = await Promise.all(hooks.map((h) => findDeliveries({ webhookId: h.id, take: 10 })));
  return (
    <>
      <section>
        <h1>Webhooks</h1>
        {hooks.length === 0 && <p>No subscriptions yet: add one below to tell a chat channel or a tool when a boundary trips.</p>}
        {hooks.map((h, i) => (
          <article key={h.id} className="card" data-testid={`webhook-${h.id}`}>
            <h2><code>{h.url}</code></h2>
            <p>
              <span className={`pill pill-${h.enabled ? "active" : "suspended"}`}>{h.enabled ? "enabled" : "disabled"}</span>{" "}
              {h.format} · {h.kinds.join(", ")}
              {h.disabledReason && <> · {h.disabledReason}</>}
              {h.enabled && h.failingSince && <> · failing since <Timestamp value={h.failingSince} /></>}
            </p>
            <WebhookControls id={h.id} enabled={h.enabled} />
            <table className="table">
              <caption>Recent deliveries</caption>
              <thead><tr><th>Event</th><th>Status</th><th>Response</th><th>Latency</th><th>Attempts</th><th>Queued</th><th /></tr></thead>
              <tbody>
                {deliveries[i].map((d) => (
                  <tr key={d.id} data-testid={`delivery-${d.eventId}`}>
                    <td>{d.kind} <code>{d.eventId}</code></td>
                    <td>{d.status}{d.lastError ? ` (${d.lastError})` : ""}</td>
                    <td>{d.lastStatusCode ?? "—"}</td>
                    <td>{d.lastLatencyMs === null ? "—" : `${d.lastLatencyMs} ms`}</td>
                    <td>{d.attempts}</td>
                    <td><Timestamp value={d.createdAt} /></td>
                    <td><RedeliverButton webhookId={h.id} deliveryId={d.id} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </article>
        ))}
      </section>
      <section>
        <h2>Add a webhook</h2>
        <CreateWebhookForm />
      </section>
    </>
  );
}
