// Agent C, the order executor: places the order it is given and asks D to reconcile its delivery.
// Usage: tsx order-executor.ts --port P --delivery-reconciler URL
import { dataPart, failure, flags, peer, serveAgent, textPart } from "./agent-kit.ts";

type TOrder = { supplier: string; sku: string; price: number; qty: number };
const f = flags();
const reconcile = peer(f["delivery-reconciler"]);
let placed = 0;

await serveAgent({
  name: "Order executor (C)",
  description: "Places purchase orders ({order: {supplier, sku, price, qty}}) and has their delivery reconciled",
  port: Number(f.port),
  async answer(content, contextId) {
    const order = (content.data[0] as { order?: TOrder } | undefined)?.order;
    if (!order) return [textPart("no order in the message")];
    const po = { po: `PO-${String(++placed).padStart(4, "0")}`, ...order, total: Math.round(order.price * order.qty * 100) / 100 };
    try {
      const delivery = await reconcile([dataPart({ delivery: po })], contextId);
      return [textPart(`placed ${po.po}`), dataPart({ ...po, reconciliation: delivery.data[0] ?? delivery.text.join(" ") })];
    } catch (err) {
      return [textPart(`placed ${po.po}; reconciliation failed`), dataPart({ ...po, reconciliation: failure(err) })];
    }
  },
});
console.log(`order-executor listening on 127.0.0.1:${f.port}`);
