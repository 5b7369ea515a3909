import { z } from "zod";
import { DEFAULT_POLICY, ZPolicy, type TPolicy } from "../../lib/domain/policy.ts";
import { boundaryPolicy, effectivePolicy, type TEffectivePolicy } from "../../lib/domain/effective-policy.ts";
import { ControlPlaneError } from "../errors.ts";
import type { ControlPlane } from "./control-plane.ts";

const ZPolicyPayload = z.object({ version: z.int().min(0), policy: ZPolicy });

/** The policy an agent enforces: the defaults (version 0) until a signed one is fetched. */
export class PolicyHolder {
  private current: { version: number; policy: TPolicy } = { version: 0, policy: DEFAULT_POLICY };
  private announced = 0;
  // The merged settings are asked for on every message: computed once per policy in force (frozen, shared).
  private self?: TEffectivePolicy;
  private readonly boundaries = new Map<string, TEffectivePolicy>();

  constructor(private readonly agentId: string) {}

  /** The version in force. */
  get version(): number {
    return this.current.version;
  }

  /** The whole document in force (memory grants live here). */
  get policy(): TPolicy {
    return this.current.policy;
  }

  /** Notes a version the control plane announced (policy_updated): refresh() until it is in force. */
  announce(version: number): void {
    this.announced = Math.max(this.announced, version);
  }

  /** Whether a version newer than the one in force was announced (a fetch may have met an older copy). */
  get isBehind(): boolean {
    return this.announced > this.current.version;
  }

  /** Replaces the policy (a verified fetch, or a test). */
  set(version: number, policy: TPolicy): void {
    this.current = { version, policy };
    this.self = undefined;
    this.boundaries.clear();
  }

  /** This agent's own caps (fan-out, chain depth, rate). */
  forSelf(): TEffectivePolicy {
    return (this.self ??= frozen(effectivePolicy(this.current.policy, { agent: this.agentId })));
  }

  /** Settings of this agent's breaker on `sender` → this agent. */
  forBoundary(sender: string): TEffectivePolicy {
    let p = this.boundaries.get(sender);
    if (!p) this.boundaries.set(sender, (p = frozen(boundaryPolicy(this.current.policy, sender, this.agentId))));
    return p;
  }

  /** Fetches GET /api/v1/policy, verifies the fb-policy+jws and puts it in force; returns the version. */
  async refresh(cp: ControlPlane): Promise<number> {
    const parsed = ZPolicyPayload.safeParse(await cp.getSigned("/api/v1/policy", "fb-policy+jws"));
    if (!parsed.success) throw new ControlPlaneError("invalid_policy", `the signed policy is malformed: ${parsed.error.issues[0]?.message}`);
    this.set(parsed.data.version, parsed.data.policy);
    return parsed.data.version;
  }
}

const frozen = (p: TEffectivePolicy): TEffectivePolicy => Object.freeze({ breaker: Object.freeze(p.breaker), fan_out: Object.freeze(p.fan_out) });
