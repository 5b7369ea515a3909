import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLogger } from "../../sdk/index.ts";

type THandle = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A node:http listener running an async handler; an unexpected failure is logged and ends the request (500). */
export function guarded(logger: TLogger, port: string, handle: THandle) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch((err: Error) => {
      logger.error(`${port} request failed`, { error: err.message });
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
}
