"use client";

import { useEffect, useMemo } from "react";

/** The new agent's private JWK, offered once as a download; the server keeps no copy, so this is the only chance. */
export function OneTimeKey({ agentId, privateJwk, onDone }: { agentId: string; privateJwk: object; onDone: () => void }) {
  const url = useMemo(() => URL.createObjectURL(new Blob([JSON.stringify(privateJwk, null, 2) + "\n"], { type: "application/json" })), [privateJwk]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <div role="alert" className="one-time-key">
      <p>
        <strong>Download the private key of {agentId} now.</strong> It is shown only this once: Firebreak does not
        store it and cannot show it again. Keep it secret; whoever holds it can sign as this agent.
      </p>
      <div className="row">
        <a className="btn btn-primary" href={url} download={`${agentId}.jwk.json`}>Download private key</a>
        <button type="button" className="btn" onClick={onDone}>I have saved it</button>
      </div>
    </div>
  );
}
