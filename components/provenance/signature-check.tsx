"use client";

import { usePost } from "@/components/forms/use-post";
import { Timestamp } from "@/components/layout/time-ago";
import type { NodeSignature } from "@/lib/server/provenance/verify-node-signature.ts";
import { useState } from "react";

const SAYS: Record<NodeSignature["status"], string> = {
  valid: "valid",
  invalid: "INVALID: the stored event does not match its signature",
  key_revoked: "signed with a key revoked since",
  unknown_key: "its key is no longer registered",
};

/** A node's signature: checked at ingest, and re-verified now against the signer's key on request. */
export function SignatureCheck({ nodeId }: { nodeId: string }) {
  const { busy, error, run } = usePost({ refresh: false });
  const [result, setResult] = useState<NodeSignature | null>(null);
  const verify = async () => {
    const r = await run<NodeSignature>(`/api/v1/provenance/${encodeURIComponent(nodeId)}/verify`);
    setResult(r.ok ? r.data : null);
  };
  const current = result?.nodeId === nodeId ? result : null;
  return (
    <div data-testid="signature-check">
      {current ? (
        <p role="status">
          <span className={`pill pill-signature-${current.status}`} data-testid="signature-status">{current.status.replace("_", " ")}</span>{" "}
          {SAYS[current.status]} · key <code>{current.kid}</code> ({current.alg ?? "no alg"}), checked <Timestamp value={current.checkedAt} />
          {current.keyRevokedAt && <> · revoked <Timestamp value={current.keyRevokedAt} /></>}
        </p>
      ) : (
        <p className="muted">Verified when it was received.</p>
      )}
      <button type="button" className="btn btn-small" disabled={busy} onClick={verify}>{busy ? "Verifying…" : "Re-verify signature"}</button>
      {error && <p role="alert" className="form-error">{error.message}</p>}
    </div>
  );
}
