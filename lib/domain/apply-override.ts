// The one merge rule of policy overrides, shared by the schema's checks (policy.ts) and the settings in force
// (effective-policy.ts). It imports nothing, so neither of those modules needs the other to load.

type Settings<B, F> = { breaker: B; fan_out: F };

function defined<T extends object>(partial: Partial<T> | undefined): Partial<T> {
  const out: Partial<T> = {};
  if (!partial) return out;
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Layers one override's partial settings over `base` (undefined values never erase a setting). */
export function applyOverride<B extends object, F extends object>(base: Settings<B, F>, o: { breaker?: Partial<B>; fan_out?: Partial<F> }): Settings<B, F> {
  return { breaker: { ...base.breaker, ...defined(o.breaker) }, fan_out: { ...base.fan_out, ...defined(o.fan_out) } };
}
