// Agent B, the purchase recommender: asks A for prices, recommends the cheapest supplier of each round's SKU
// and hands the order to C. Its scheduler starts a cycle with POST /cycle on its own port (local, not A2A);
// the cycle's outcome is the answer, for the demo to narrate.
// Usage: tsx purchase-recommender.ts --port P --price-monitor URL --order-executor URL
import { dataPart, failure, flags, peer, serveAgent, textPart, type TContent } from "./agent-kit.ts";

type TQuote = { supplier: string; sku: string; price: number };
const f = flags();
const askPrices = peer(f["price-monitor"]);
const placeOrder = peer(f["order-executor"]);
let last: unknown = null;

/** One purchase cycle: prices from A, the cheapest quote, the order to C. */
async function cycle(qty: number) {
  const contextId = crypto.randomUUID();
  let prices: TContent;
  try {
    prices = await askPrices([textPart("quote please")], contextId);
  } catch (err) {
    return { stage: "prices", ...failure(err) };
  }
  const items = ((prices.data[0] as { items?: TQuote[] } | undefined)?.items ?? []).filter((q) => q.price > 0);
  if (!items.length) return { stage: "prices", error: `no usable quotes (${prices.text.join(" ")})` };
  const best = items.reduce((a, b) => (b.price < a.price ? b : a));
  const recommendation = { supplier: best.supplier, sku: best.sku, price: best.price, qty };
  try {
    const order = await placeOrder([textPart(`buy ${qty} ${best.sku} from ${best.supplier}`), dataPart({ order: recommendation })], contextId);
    last = { recommendation, order: order.data[0] ?? null };
    return { stage: "done", prices: items, recommendation, order: order.data[0] ?? order.text.join(" ") };
  } catch (err) {
    return { stage: "order", prices: items, recommendation, ...failure(err) };
  }
}

const { app } = await serveAgent({
  name: "Purchase recommender (B)",
  description: "Recommends purchases from the price monitor's quotes; answers with its latest recommendation",
  port: Number(f.port),
  async answer() {
    return [dataPart({ latest: last })];
  },
});
app.post("/cycle", async (req, res) => res.json(await cycle(Number(req.query.qty ?? 40))));
console.log(`purchase-recommender listening on 127.0.0.1:${f.port}`);
