// Agent D, delivery reconciliation: books the expected delivery of a purchase order and has the auditor (a
// Python agent) enter it in the ledger. Usage: tsx delivery-reconciler.ts --port P --ledger-auditor URL
import { dataPart, failure, flags, peer, serveAgent, textPart } from "./agent-kit.ts";

type TDelivery = { po: string; supplier: string; sku: string; qty: number; total: number };
const f = flags();
const audit = peer(f["ledger-auditor"]);
const expected = new Map<string, TDelivery>();

await serveAgent({
  name: "Delivery reconciliation (D)",
  description: "Books expected deliveries ({delivery: {po, supplier, sku, qty, total}}) and has them audited",
  port: Number(f.port),
  async answer(content, contextId) {
    const delivery = (content.data[0] as { delivery?: TDelivery } | undefined)?.delivery;
    if (!delivery) return [textPart("no delivery in the message")];
    expected.set(delivery.po, delivery);
    const booked = { po: delivery.po, expectedQty: delivery.qty, open: expected.size };
    try {
      const entry = await audit([dataPart({ entry: { kind: "delivery-expected", ...delivery } })], contextId);
      return [dataPart({ ...booked, audit: entry.data[0] ?? entry.text.join(" ") })];
    } catch (err) {
      return [dataPart({ ...booked, audit: failure(err) })];
    }
  },
});
console.log(`delivery-reconciler listening on 127.0.0.1:${f.port}`);
