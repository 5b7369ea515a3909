"use client";

/** A webhook's signing secret, shown once: Firebreak never shows it again (rotate to get a new one). */
export function OneTimeSecret({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div role="alert" className="one-time-key">
      <p>
        <strong>Copy the signing secret now.</strong> It is shown only this once. The receiver verifies each
        delivery&apos;s <code>webhook-signature</code> with it (Standard Webhooks).
      </p>
      <p><code data-testid="webhook-secret">{secret}</code></p>
      <button type="button" className="btn" onClick={onDone}>I have saved it</button>
    </div>
  );
}
