import type { NextApiRequest, NextApiResponse } from "next";
import type { ServeDirectivePoll } from "@/lib/server/directives/directive-poll.ts";

// GET /api/v1/agents/{id}/directives?after=<cursor>&wait=<s> — an agent's directives, signed by the control
// plane; with wait (≤ 30 s) the answer waits for one (long polling). See lib/server/directives/directive-poll.ts.
//
// A Pages API route, not an app route: Next awaits an app route's handler through its whole request chain,
// which a held poll kept alive for its 30 s (≈ 50 KB a poll). This handler returns at once and the answer is
// written later (`externalResolver`), so Next's chain ends and a held poll keeps only Node's request and
// response and its own wait (docs/scale.md#what-a-held-long-poll-costs-in-memory). Pages routes are compiled
// without the `react-server` condition and cannot import lib/server (`server-only` throws): the handler is
// registered at server start (lib/server/on-server-start.ts), which Next runs before any request.
export const config = { api: { bodyParser: false, externalResolver: true, responseLimit: false } };

export default function directives(req: NextApiRequest, res: NextApiResponse): void {
  const serve = (globalThis as { __firebreakDirectivePoll?: ServeDirectivePoll }).__firebreakDirectivePoll;
  if (!serve) throw new Error("the directive endpoint was not registered at server start");
  void serve(req, res, String(req.query.id));
}
