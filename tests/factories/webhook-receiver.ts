import { createServer, type IncomingMessage } from "node:http";
import { Webhook } from "standardwebhooks";

export type Received = { id: string; kind: string; body: Record<string, unknown>; verified: boolean; answered: number; path: string };

/**
 * A real HTTP receiver on loopback: checks each delivery's Standard Webhooks signature with the secret it is
 * given, answers what `answer` says (200 by default), and keeps everything it got.
 */
export async function startReceiver() {
  const got: Received[] = [];
  const state = { secret: "", answer: (_r: Received): number => 200 };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const headers = req.headers as Record<string, string>;
    const body = JSON.parse(raw || "{}");
    const r: Received = {
      id: String(req.headers["webhook-id"]), kind: body.type ?? "slack", body, answered: 0, path: req.url ?? "",
      // Checked when asked, against the secret the test holds then: a delivery may arrive while the test is
      // still reading the response that shows the secret, before it hands it to the receiver.
      get verified() {
        try {
          new Webhook(state.secret).verify(raw, headers);
          return true;
        } catch {
          return false;
        }
      },
    };
    r.answered = state.answer(r);
    got.push(r);
    res.writeHead(r.answered, r.answered >= 300 && r.answered < 400 ? { location: "/elsewhere" } : {}).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    got,
    state,
    /** Deliveries this receiver acknowledged (2xx), per webhook-id. */
    acknowledged: () => got.filter((r) => r.answered < 300).reduce((m, r) => m.set(r.id, (m.get(r.id) ?? 0) + 1), new Map<string, number>()),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = "";
    req.setEncoding("utf8");
    req.on("data", (c) => (s += c));
    req.on("end", () => resolve(s));
    req.on("error", reject);
  });
}
