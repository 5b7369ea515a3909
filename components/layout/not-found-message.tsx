import Link from "next/link";

/** What a missing page says: plainly, with a way back. */
export function NotFoundMessage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>Nothing lives at this address. It may have been mistyped, or what it showed no longer exists.</p>
      <p><Link href="/">Back to the graph</Link></p>
    </section>
  );
}
