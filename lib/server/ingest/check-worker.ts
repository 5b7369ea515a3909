// A check worker (check-pool.ts): verifies and checks the items it is sent, off the request thread.
import { parentPort } from "node:worker_threads";
import { verifyAndCheck, type CheckItem } from "./check-batch.ts";
import type { CheckContext } from "./check-event.ts";

export type CheckRequest = { id: number; items: CheckItem[]; ctx: CheckContext };

parentPort!.on("message", ({ id, items, ctx }: CheckRequest) => {
  try {
    parentPort!.postMessage({ id, outcomes: verifyAndCheck(items, ctx) });
  } catch (err) {
    parentPort!.postMessage({ id, error: (err as Error)?.stack ?? String(err) });
  }
});
