import Link from "next/link";
import { notFound } from "next/navigation";
import { Timestamp } from "@/components/layout/time-ago";
import { ProvenanceLink } from "@/components/provenance/provenance-link";
import { AppError } from "@/lib/server/errors.ts";
import { getEvent } from "@/lib/server/events/get-event.ts";

export const dynamic = "force-dynamic";

const SIGNATURE_TEXT = {
  valid: "valid — verified again just now with the registered key",
  invalid: "INVALID — the stored signature does not verify with the registered key",
  unknown_key: "cannot be checked — the key is no longer registered",
};

/** One event: when it happened and when it arrived, its signature checked again, and the payload as signed. */
export default async function EventPage({ params }: { params: Promise<{ seq: string }> }) {
  const { seq } = await params;
  if (!/^[1-9][0-9]{0,15}$/.test(seq)) notFound();
  const detail = await getEvent({ seq: Number(seq) }).catch((err) => {
    if (err instanceof AppError && err.code === "not_found") notFound();
    throw err;
  });
  const { event: e, signature: s } = detail;
  const lagS = (Date.parse(e.receivedAt) - Date.parse(e.time)) / 1000;
  return (
    <section>
      <p><Link href="/events">← Events</Link></p>
      <h1>Event #{e.seq}: <code>{e.type.replace("firebreak.", "")}</code></h1>
      <dl className="facts">
        <div><dt>Event id</dt><dd><code>{e.id}</code></dd></div>
        <div><dt>Reported by</dt><dd><Link href={`/events?agent=${encodeURIComponent(e.source)}`}><code>{e.source}</code></Link></dd></div>
        <div><dt>Event time (the agent&apos;s clock)</dt><dd><Timestamp value={e.time} /></dd></div>
        <div><dt>Received (the server&apos;s clock)</dt><dd><Timestamp value={e.receivedAt} /> <span className="muted">{lagS >= 0 ? `${lagS.toFixed(1)} s later` : `${(-lagS).toFixed(1)} s earlier`}</span></dd></div>
        {e.boundaryId && <div><dt>Boundary</dt><dd><Link href={`/boundaries/${e.boundaryId}`}>{e.boundaryId}</Link></dd></div>}
        {e.outcome && <div><dt>Outcome</dt><dd>{e.outcome}</dd></div>}
        {e.subjectId && <div><dt>About</dt><dd><ProvenanceLink id={e.subjectId}>Provenance of <code>{e.subjectId}</code></ProvenanceLink></dd></div>}
      </dl>
      <h2>Signature</h2>
      <dl className="facts" aria-label="Signature">
        <div><dt>Algorithm</dt><dd>{s.alg ?? "—"}</dd></div>
        <div><dt>Key id (kid)</dt><dd><code className="json">{s.kid}</code></dd></div>
        <div><dt>Status</dt><dd data-testid="signature-status" className={s.status === "valid" ? undefined : "bad"}>{SIGNATURE_TEXT[s.status]}</dd></div>
        {s.keyRevokedAt && <div><dt>Key revoked</dt><dd><Timestamp value={s.keyRevokedAt} /></dd></div>}
      </dl>
      <h2>Payload (as signed)</h2>
      <pre className="policy-yaml" aria-label="Payload" tabIndex={0}>{JSON.stringify(detail.payload, null, 2)}</pre>
    </section>
  );
}
