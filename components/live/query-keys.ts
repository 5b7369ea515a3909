/**
 * Every react-query key of the dashboard, one factory per resource (docs/architecture.md#layers-and-idioms):
 * the live stream marks them stale (STALE_ON) and forms name them in usePost({ invalidates }).
 */
export const boundaryKeys = {
  all: ["boundaries"] as const,
  list: () => [...boundaryKeys.all, "list"] as const,
  detail: (id: string) => [...boundaryKeys.all, "detail", id] as const,
  /** Under `all`, so every boundary and review event refreshes the charts too. */
  series: (id: string, range: string) => [...boundaryKeys.all, "series", id, range] as const,
};

export const reviewKeys = {
  all: ["reviews"] as const,
  list: (status: "pending" | "decided") => [...reviewKeys.all, "list", status] as const,
  /** One filtered page of the history (`params` is the query string: filters and cursor). */
  history: (params: string) => [...reviewKeys.all, "history", params] as const,
  detail: (id: string) => [...reviewKeys.all, "detail", id] as const,
};

export const incidentKeys = {
  all: ["incidents"] as const,
  /** One filtered page of incidents (`params` is the query string: filters and cursor). */
  list: (params = "") => [...incidentKeys.all, "list", params] as const,
};

/** The graph page: the graph and the side panels' details, all under one prefix (kept live by use-graph-live.ts). */
export const graphKeys = {
  all: ["graph"] as const,
  graph: () => [...graphKeys.all, "data"] as const,
  boundary: (id: string) => [...graphKeys.all, "boundary", id] as const,
  agent: (id: string) => [...graphKeys.all, "agent", id] as const,
};

/** Which cached queries each stream event makes stale. */
export const STALE_ON: Record<string, readonly (readonly string[])[]> = {
  "boundary.updated": [boundaryKeys.all, reviewKeys.all],
  "review.created": [reviewKeys.all, boundaryKeys.all],
  "review.updated": [reviewKeys.all, boundaryKeys.all],
  "incident.created": [incidentKeys.all, boundaryKeys.all],
  "incident.updated": [incidentKeys.all],
};

export const provenanceKeys = {
  all: ["provenance"] as const,
  /** A trace of `id`, `up` hops upstream and `down` downstream (one hop each way: an expansion). */
  trace: (id: string, up: number, down: number) => [...provenanceKeys.all, "trace", id, up, down] as const,
};
