/** React-query keys of the graph page: the graph and the side panels' details, all under one prefix. */
export const graphKeys = {
  all: ["graph"] as const,
  graph: () => [...graphKeys.all, "data"] as const,
  boundary: (id: string) => [...graphKeys.all, "boundary", id] as const,
  agent: (id: string) => [...graphKeys.all, "agent", id] as const,
};
