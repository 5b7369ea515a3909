// Agent A, the price monitor: answers any message with the current supplier quotes, read from its feed file
// (the supplier feed the demo writes, and poisons). Usage: tsx price-monitor.ts --port P --feed FILE
import { readFileSync } from "node:fs";
import { dataPart, flags, serveAgent, textPart } from "./agent-kit.ts";

const { port, feed } = flags();
await serveAgent({
  name: "Price monitor (A)",
  description: "Serves the latest supplier quotes as a data part {items: [{supplier, sku, price}]}",
  port: Number(port),
  async answer() {
    const items = JSON.parse(readFileSync(feed, "utf8")) as unknown[];
    return [textPart(`${items.length} quotes`), dataPart({ items })];
  },
});
console.log(`price-monitor listening on 127.0.0.1:${port}`);
