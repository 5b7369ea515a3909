/** The roles a person can have (docs/architecture.md#roles). */
export const ROLES = ["reviewer", "security", "admin"] as const;
export type TRole = (typeof ROLES)[number];

/** What people do; each action names the roles allowed to do it. One table behind every check. */
export const PERMISSIONS = {
  "dashboard.view": ["reviewer", "security", "admin"], // graph, boundaries, reviews, incidents, audit
  "review.decide": ["reviewer", "admin"],
  "provenance.explore": ["security", "admin"], // includes marking taint
  "boundary.force_open": ["security", "admin"],
  "incident.update": ["security", "admin"], // acknowledge, resolve
  "agent.revoke_key": ["security", "admin"],
  "agent.suspend": ["security", "admin"],
  "agent.register": ["admin"],
  "policy.edit": ["admin"],
  "policy.dry_run": ["security", "admin"], // replay recorded traffic against a draft policy
  "user.manage": ["admin"],
  "webhook.manage": ["admin"], // subscriptions, their deliveries, test sends
  "audit.anchor": ["admin"],
} as const satisfies Record<string, readonly TRole[]>;

export type TAction = keyof typeof PERMISSIONS;

/** Whether a role may do an action. The server enforces it; the UI uses it only to hide controls. */
export function can(role: string | null | undefined, action: TAction): boolean {
  return role != null && (PERMISSIONS[action] as readonly string[]).includes(role);
}

/** Whether a string is a known role. */
export function isRole(value: unknown): value is TRole {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}
