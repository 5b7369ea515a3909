import type { TClock } from "../clock.ts";
import { ControlPlaneError } from "../errors.ts";
import { JwksCache } from "../keys/jwks-cache.ts";
import type { TSigner } from "../keys/signer.ts";
import { verifyJws } from "../keys/verify.ts";
import type { TLogger } from "../logger.ts";
import { requestToken } from "./request-token.ts";

/** What a ControlPlane client needs. */
export type TControlPlaneOptions = { url: string; agentId: string; signer: () => Promise<TSigner>; fetch: typeof fetch; clock: TClock; logger: TLogger };

/** A replica's name as its answers give it (anything else is ignored). */
const REPLICA = /^firebreak:replica:[A-Za-z0-9-]{1,64}$/;

/** Talks to the control plane: authenticated GETs whose answers are verified against its published JWKS. */
export class ControlPlane {
  /** The control plane's keys (GET /.well-known/jwks.json). */
  readonly keys: JwksCache;
  /** The replica that answered last: the next token is addressed to it (its jti then costs no database write). */
  private replica?: string;

  constructor(private readonly opts: TControlPlaneOptions) {
    // The control plane key rarely changes: refetch it only for an unknown kid (at most every 10 s), or hourly.
    this.keys = new JwksCache({ url: `${opts.url}/.well-known/jwks.json`, fetch: opts.fetch, clock: opts.clock, logger: opts.logger, maxAgeMs: 3_600_000, minRefreshMs: 10_000 });
  }

  /** GETs `path` with a fresh Bearer request token and returns the verified payload of the answer, a JWS of `typ`; gives up after timeoutMs or on `signal`. */
  async getSigned(path: string, typ: "fb-directives+jws" | "fb-policy+jws", timeoutMs = 30_000, signal?: AbortSignal): Promise<unknown> {
    let res = await this.get(path, timeoutMs, signal);
    // 421: the token named a replica that did not get it (a balancer moved us, or it restarted): once more for any.
    if (res.status === 421 && this.replica) {
      await res.body?.cancel();
      this.replica = undefined;
      res = await this.get(path, timeoutMs, signal);
    }
    const replica = res.headers.get("firebreak-replica");
    this.replica = replica && REPLICA.test(replica) ? replica : undefined;
    const text = (await res.text()).trim();
    if (!res.ok) throw new ControlPlaneError(res.status === 404 ? "not_found" : "http_error", `GET ${path}: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
    const verified = await verifyJws(text, typ, this.keys);
    if (!verified.ok) throw new ControlPlaneError(verified.code, `GET ${path}: ${verified.detail}`, res.status);
    return verified.payload;
  }

  private async get(path: string, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
    const token = await requestToken(this.opts.agentId, await this.opts.signer(), this.opts.clock.now(), this.replica);
    try {
      return await this.opts.fetch(`${this.opts.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: "application/jose" }, signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new ControlPlaneError("unreachable", `GET ${path}: ${(err as Error).message}`);
    }
  }
}
