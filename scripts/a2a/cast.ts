// The A2A supply chain's cast: who runs where, who talks to whom, and what each sidecar checks.
import { ROLE_NAMES, ROLES } from "../sim/supply-chain-roles.ts";

/** The Python agent's id: the ledger auditor D reports to. */
export const AUDITOR = "ledger-auditor";

/** One agent of the scenario: its process, its ports, its peers and its validators. */
export type TMember = {
  id: string;
  name: string;
  /** The agent process: a TS agent (run with tsx) or the Python one. */
  program: { kind: "tsx" | "python"; file: string };
  port: number;
  inbound: number;
  outbound: number;
  peers: string[];
  validators: Record<string, unknown>[];
};

/** The supply chain: A serves prices, B recommends, C orders, D reconciles, the Python auditor keeps the ledger. */
export function cast(basePort: number): TMember[] {
  const ports = (i: number) => ({ port: basePort + i, inbound: basePort + 1000 + i, outbound: basePort + 1100 + i });
  const ts = (file: string) => ({ kind: "tsx" as const, file: `scripts/a2a/${file}` });
  return [
    { id: ROLES.monitor, name: ROLE_NAMES[ROLES.monitor], program: ts("price-monitor.ts"), ...ports(0), peers: [], validators: [] },
    {
      id: ROLES.recommender, name: ROLE_NAMES[ROLES.recommender], program: ts("purchase-recommender.ts"), ...ports(1),
      peers: [ROLES.monitor, ROLES.executor],
      validators: [{
        from: ROLES.monitor,
        jsonSchema: "./schemas/prices.json",
        // 30 % off a supplier's median is an outlier (the poisoned feed quotes one supplier 60 % low).
        outlier: { path: "$.items[*].price", groupBy: "$.items[*].supplier", maxDeviation: 0.3, window: 50 },
        deny: ["ignore previous instructions"],
      }],
    },
    {
      id: ROLES.executor, name: ROLE_NAMES[ROLES.executor], program: ts("order-executor.ts"), ...ports(2),
      peers: [ROLES.reconciler], validators: [{ from: ROLES.recommender, jsonSchema: "./schemas/order.json" }],
    },
    {
      id: ROLES.reconciler, name: ROLE_NAMES[ROLES.reconciler], program: ts("delivery-reconciler.ts"), ...ports(3),
      peers: [AUDITOR], validators: [{ from: "*", deny: ["ignore previous instructions"] }],
    },
    {
      id: AUDITOR, name: "Ledger auditor (Python)", program: { kind: "python", file: "scripts/a2a/python/ledger_auditor.py" }, ...ports(4),
      peers: [], validators: [{ from: ROLES.reconciler, jsonSchema: "./schemas/ledger-entry.json" }],
    },
  ];
}

/** The JSON Schemas the validators name (files under the data dir's schemas/). */
export const SCHEMAS: Record<string, unknown> = {
  "prices.json": {
    type: "object", required: ["items"],
    properties: {
      items: {
        type: "array", minItems: 1,
        items: { type: "object", required: ["supplier", "sku", "price"], properties: { supplier: { type: "string" }, sku: { type: "string" }, price: { type: "number", exclusiveMinimum: 0 } } },
      },
    },
  },
  "order.json": {
    type: "object", required: ["order"],
    properties: {
      order: {
        type: "object", required: ["supplier", "sku", "price", "qty"],
        properties: { supplier: { type: "string" }, sku: { type: "string" }, price: { type: "number", exclusiveMinimum: 0 }, qty: { type: "integer", minimum: 1, maximum: 1000 } },
      },
    },
  },
  "ledger-entry.json": { type: "object", required: ["entry"], properties: { entry: { type: "object", required: ["kind", "po"] } } },
};
