"use client";

import { useState } from "react";

/** A button that asks once more in place ("Really …?") before it acts: for revoking and suspending. */
export function ConfirmButton({ label, confirmLabel, onConfirm, busy }: { label: string; confirmLabel: string; onConfirm: () => void; busy?: boolean }) {
  const [armed, setArmed] = useState(false);
  if (!armed) {
    return <button type="button" className="btn btn-small" disabled={busy} onClick={() => setArmed(true)}>{label}</button>;
  }
  return (
    <span className="confirm">
      <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => { setArmed(false); onConfirm(); }}>{confirmLabel}</button>
      <button type="button" className="btn btn-small" onClick={() => setArmed(false)}>Cancel</button>
    </span>
  );
}
