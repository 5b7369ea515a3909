"use client";

import { useEffect } from "react";

/** A page that failed to render: the frame stays, the person can retry; details go to the server log only. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <section role="alert">
      <h1>Something went wrong</h1>
      <p>This page could not be shown. Try again; if it keeps failing, tell an admin
        {error.digest ? <> and quote <code>{error.digest}</code></> : null}.</p>
      <button type="button" className="btn btn-primary" onClick={reset}>Try again</button>
    </section>
  );
}
