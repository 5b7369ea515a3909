"use client";

import Link from "next/link";

/** The last resort when even the root layout failed: a plain page with a way back. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main style={{ padding: "2rem", fontFamily: "system-ui, sans-serif" }}>
          <h1>Firebreak could not show this page</h1>
          <p><button type="button" onClick={reset}>Try again</button> or <Link href="/">go to the graph</Link>.</p>
        </main>
      </body>
    </html>
  );
}
