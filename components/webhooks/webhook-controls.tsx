"use client";

import { useState } from "react";
import { usePost } from "@/components/forms/use-post";
import { OneTimeSecret } from "./one-time-secret";

/** Per subscription: send a test event, disable or enable, rotate the secret (the new one shown once). */
export function WebhookControls({ id, enabled }: { id: string; enabled: boolean }) {
  const { busy, error, run } = usePost();
  const [secret, setSecret] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  return (
    <div>
      <div className="row">
        {enabled && (
          <button type="button" className="btn" disabled={busy} onClick={async () => setSent((await run(`/api/v1/webhooks/${id}/test`)).ok)}>
            Send test event
          </button>
        )}
        <button type="button" className="btn" disabled={busy} onClick={() => run(`/api/v1/webhooks/${id}`, { enabled: !enabled })}>
          {enabled ? "Disable" : "Enable"}
        </button>
        <button type="button" className="btn" disabled={busy} onClick={async () => {
          const r = await run<{ secret: string }>(`/api/v1/webhooks/${id}`, { rotateSecret: true });
          if (r.ok) setSecret(r.data.secret);
        }}>
          Rotate secret
        </button>
      </div>
      {sent && <p role="status" className="notice">Test event queued: it shows below once sent.</p>}
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {secret && <OneTimeSecret secret={secret} onDone={() => setSecret(null)} />}
    </div>
  );
}

/** Sends one delivery again, with the same webhook-id (receivers dedupe on it). */
export function RedeliverButton({ webhookId, deliveryId }: { webhookId: string; deliveryId: string }) {
  const { busy, run } = usePost();
  return (
    <button type="button" className="btn" disabled={busy} onClick={() => run(`/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/redeliver`)}>
      Redeliver
    </button>
  );
}
