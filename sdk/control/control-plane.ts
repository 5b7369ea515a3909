import type { TClock } from "../clock.ts";
import { ControlPlaneError } from "../errors.ts";
import { JwksCache } from "../keys/jwks-cache.ts";
import type { TSigner } from "../keys/signer.ts";
import { verifyJws } from "../keys/verify.ts";
import type { TLogger } from "../logger.ts";
import { requestToken } from "./request-token.ts";

/** What a ControlPlane client needs. */
export type TControlPlaneOptions = { url: string; agentId: string; signer: () => Promise<TSigner>; fetch: typeof fetch; clock: TClock; logger: TLogger };

/** Talks to the control plane: authenticated GETs whose answers are verified against its published JWKS. */
export class ControlPlane {
  /** The control plane's keys (GET /.well-known/jwks.json). */
  readonly keys: JwksCache;

  constructor(private readonly opts: TControlPlaneOptions) {
    // The control plane key rarely changes: refetch it only for an unknown kid (at most every 10 s), or hourly.
    this.keys = new JwksCache({ url: `${opts.url}/.well-known/jwks.json`, fetch: opts.fetch, clock: opts.clock, logger: opts.logger, maxAgeMs: 3_600_000, minRefreshMs: 10_000 });
  }

  /** GETs `path` with a fresh Bearer request token and returns the verified payload of the answer, a JWS of `typ`; gives up after timeoutMs or on `signal`. */
  async getSigned(path: string, typ: "fb-directives+jws" | "fb-policy+jws", timeoutMs = 30_000, signal?: AbortSignal): Promise<unknown> {
    const token = await requestToken(this.opts.agentId, await this.opts.signer(), this.opts.clock.now());
    let res: Response;
    try {
      res = await this.opts.fetch(`${this.opts.url}${path}`, { headers: { authorization: `Bearer ${token}`, accept: "application/jose" }, signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new ControlPlaneError("unreachable", `GET ${path}: ${(err as Error).message}`);
    }
    const text = (await res.text()).trim();
    if (!res.ok) throw new ControlPlaneError(res.status === 404 ? "not_found" : "http_error", `GET ${path}: HTTP ${res.status} ${text.slice(0, 200)}`, res.status);
    const verified = await verifyJws(text, typ, this.keys);
    if (!verified.ok) throw new ControlPlaneError(verified.code, `GET ${path}: ${verified.detail}`, res.status);
    return verified.payload;
  }
}
