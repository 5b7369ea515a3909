/** React-query keys, one factory per resource (invalidated by the live stream). */
export const boundaryKeys = {
  all: ["boundaries"] as const,
  list: () => [...boundaryKeys.all, "list"] as const,
  detail: (id: string) => [...boundaryKeys.all, "detail", id] as const,
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

/** Which cached queries each stream event makes stale. */
export const STALE_ON: Record<string, readonly (readonly string[])[]> = {
  "boundary.updated": [boundaryKeys.all, reviewKeys.all],
  "review.created": [reviewKeys.all, boundaryKeys.all],
  "review.updated": [reviewKeys.all, boundaryKeys.all],
  "incident.created": [incidentKeys.all, boundaryKeys.all],
};
