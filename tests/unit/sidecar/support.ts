import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
type TJson = TMessage["body"];
import type { TMessage } from "../../../sdk/index.ts";

/** A temp dir with the given files (JSON values are written as JSON): the config file's directory. */
export function configDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "fb-validators-"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

/** A verified message from `sender` whose body is an A2A response carrying these parts. */
export function a2aMessage(sender: string, parts: Array<{ text: string } | { data: TJson }>): TMessage {
  const result = { message: { messageId: `m-${Math.random()}`, contextId: "c", role: "ROLE_AGENT", parts } };
  return { messageId: "01J0000000000000000000000A", sender, receivers: ["purchase-recommender"], body: { jsonrpc: "2.0", id: 1, result }, chain: [sender], parents: [], iat: 1 };
}

/** A price feed data part. */
export const feed = (prices: Record<string, number>) => ({
  data: { items: Object.entries(prices).map(([supplier, price]) => ({ supplier, sku: "steel", price })) },
});
