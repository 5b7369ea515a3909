import { importJWK, type CryptoKey, type JWK } from "jose";
import type { TClock } from "../clock.ts";
import type { TLogger } from "../logger.ts";

/** A key from a published JWKS: the imported key and, for agent keys, its owner (`sub`). */
export type TPublishedKey = { kid: string; key: CryptoKey; owner?: string };

/** Options of a JwksCache. */
export type TJwksCacheOptions = {
  url: string;
  fetch: typeof fetch;
  clock: TClock;
  logger: TLogger;
  /** Keys older than this are refetched before use: how fast a revocation is honoured (default 5 s). */
  maxAgeMs?: number;
  /** At most one refetch per this interval, however many unknown kids arrive (default 1 s). */
  minRefreshMs?: number;
};

/**
 * A published JWKS (agent keys or the control plane's), cached: refetched when older than maxAgeMs or when an
 * unknown kid is asked for, never more often than minRefreshMs. A dropped (revoked) kid never comes back.
 */
export class JwksCache {
  private keys = new Map<string, TPublishedKey>();
  private readonly dropped = new Set<string>();
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private attemptedAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  private etag?: string;

  constructor(private readonly opts: TJwksCacheOptions) {}

  /** The key named `kid`, refreshing the set first when stale or when the kid is unknown. */
  async get(kid: string): Promise<TPublishedKey | undefined> {
    if (this.dropped.has(kid)) return undefined;
    const now = this.opts.clock.now();
    const stale = now - this.fetchedAt > (this.opts.maxAgeMs ?? 5_000);
    // A caller arriving while a fetch is under way waits for it rather than answering from the old set.
    if (this.inFlight) await this.inFlight;
    else if ((stale || !this.keys.has(kid)) && now - this.attemptedAt >= (this.opts.minRefreshMs ?? 1_000)) await this.refresh();
    return this.dropped.has(kid) ? undefined : this.keys.get(kid);
  }

  /** Forgets a key at once and for good (a key_revoked directive). */
  drop(kid: string): void {
    this.dropped.add(kid);
    this.keys.delete(kid);
  }

  /** Refetches the set now (concurrent callers share one request); on failure the old set is kept. */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async load(): Promise<void> {
    this.attemptedAt = this.opts.clock.now();
    try {
      // Conditional: an unchanged set costs the server no body and us no re-import (304).
      const res = await this.opts.fetch(this.opts.url, { headers: { accept: "application/json", ...(this.etag ? { "if-none-match": this.etag } : {}) } });
      if (res.status === 304 && this.etag) {
        this.fetchedAt = this.opts.clock.now();
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as { keys?: unknown };
      if (!Array.isArray(body.keys)) throw new Error("no keys array");
      const next = new Map<string, TPublishedKey>();
      for (const jwk of body.keys as (JWK & { sub?: unknown })[]) {
        const published = await this.importOne(jwk);
        if (published) next.set(published.kid, published);
      }
      this.keys = next;
      this.etag = res.headers.get("etag") ?? undefined;
      this.fetchedAt = this.opts.clock.now();
    } catch (err) {
      this.opts.logger.warn("could not refresh a JWKS; keeping the keys in hand", { url: this.opts.url, error: String(err) });
    }
  }

  private async importOne(jwk: JWK & { sub?: unknown }): Promise<TPublishedKey | undefined> {
    // Ed25519 only: a key of any other kind in the set is ignored, never used.
    if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.kid !== "string" || this.dropped.has(jwk.kid)) return undefined;
    const known = this.keys.get(jwk.kid);
    const owner = typeof jwk.sub === "string" ? jwk.sub : undefined;
    if (known && known.owner === owner) return known;
    try {
      const key = (await importJWK({ kty: "OKP", crv: "Ed25519", x: jwk.x }, "EdDSA")) as CryptoKey;
      return owner === undefined ? { kid: jwk.kid, key } : { kid: jwk.kid, key, owner };
    } catch {
      return undefined;
    }
  }
}
