/** React-query keys, one factory per resource (invalidated by the live stream). */
export const boundaryKeys = {
  all: ["boundaries"] as const,
  list: () => [...boundaryKeys.all, "list"] as const,
  detail: (id: string) => [...boundaryKeys.all, "detail", id] as const,
};

export const reviewKeys = {
  all: ["reviews"] as const,
  list: (status: "pending" | "decided") => [...reviewKeys.all, "list", status] as const,
};

export const incidentKeys = {
  all: ["incidents"] as const,
  list: () => [...incidentKeys.all, "list"] as const,
};

/** Which cached queries each stream event makes stale. */
export const STALE_ON: Record<string, readonly (readonly string[])[]> = {
  "boundary.updated": [boundaryKeys.all, reviewKeys.all],
  "review.created": [reviewKeys.all, boundaryKeys.all],
  "review.updated": [reviewKeys.all, boundaryKeys.all],
  "incident.created": [incidentKeys.all, boundaryKeys.all],
};

export const provenanceKeys = {
  all: ["provenance"] as const,
  /** A trace of `id`, `up` hops upstream and `down` downstream (one hop each way: an expansion). */
  trace: (id: string, up: number, down: number) => [...provenanceKeys.all, "trace", id, up, down] as const,
};
