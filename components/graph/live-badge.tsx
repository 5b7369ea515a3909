import type { LiveStatus } from "@/components/live/use-live-stream";

/** Says whether the page is live or polling; a dropped stream is said out loud, never hidden. */
export function LiveBadge({ status, pollS }: { status: LiveStatus; pollS: number }) {
  if (status === "live") return <span className="live-badge live-on" role="status" data-testid="live-status">● Live</span>;
  if (status === "connecting") return <span className="live-badge" role="status" data-testid="live-status">Connecting…</span>;
  return (
    <span className="live-badge live-paused" role="status" data-testid="live-status">
      Live updates paused — refreshing every {pollS} s
    </span>
  );
}
