"use client";

import { useState, type FormEvent } from "react";
import { WEBHOOK_FORMATS, WEBHOOK_KINDS } from "@/lib/domain/webhooks.ts";
import { FieldError } from "@/components/forms/field-error";
import { usePost } from "@/components/forms/use-post";
import { OneTimeSecret } from "./one-time-secret";

/** Subscribes a URL to event kinds; the signing secret comes back once and is shown once. */
export function CreateWebhookForm() {
  const { busy, error, run } = usePost();
  const [secret, setSecret] = useState<string | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const body = { url: data.get("url"), format: data.get("format"), kinds: data.getAll("kinds") };
    const result = await run<{ secret: string }>("/api/v1/webhooks", body);
    if (result.ok) {
      form.reset();
      setSecret(result.data.secret);
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add a webhook">
      <div className="row">
        <label>URL<input name="url" type="url" required placeholder="https://hooks.example.com/firebreak" /><FieldError error={error} field="url" /></label>
        <label>
          Format
          <select name="format" defaultValue="standard">
            {WEBHOOK_FORMATS.map((f) => <option key={f} value={f}>{f === "slack" ? "Slack (incoming webhook)" : "Standard Webhooks (JSON)"}</option>)}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>Events</legend>
        {WEBHOOK_KINDS.map((k) => (
          <label key={k} className="check"><input type="checkbox" name="kinds" value={k} defaultChecked={k.startsWith("review.") || k === "incident.opened"} /> {k}</label>
        ))}
        <FieldError error={error} field="kinds" />
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={busy}>Add webhook</button>
      {error && <p role="alert" className="form-error">{error.message}</p>}
      {secret && <OneTimeSecret secret={secret} onDone={() => setSecret(null)} />}
    </form>
  );
}
