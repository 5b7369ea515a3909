"use client";

import { useState } from "react";
import { usePost } from "@/components/forms/use-post";

/** A reviewer's own opt-in to "reviews waiting" emails. */
export function EmailOptIn({ initial, mailConfigured }: { initial: boolean; mailConfigured: boolean }) {
  const { busy, error, run } = usePost();
  const [on, setOn] = useState(initial);
  return (
    <div>
      <label className="check">
        <input type="checkbox" checked={on} disabled={busy} onChange={async (e) => {
          const want = e.currentTarget.checked;
          if ((await run("/api/v1/me/notifications", { reviewsWaiting: want })).ok) setOn(want);
        }} />{" "}
        Email me when reviews are waiting (one message, or a digest when many trips open at once)
      </label>
      {!mailConfigured && <p className="notice">Email is not configured on this server (FIREBREAK_SMTP_URL): nothing is sent until it is.</p>}
      {error && <p role="alert" className="form-error">{error.message}</p>}
    </div>
  );
}
