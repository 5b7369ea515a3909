import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { signWith, testKey, type TTestKey } from "./keys.ts";

type TAgentEntry = { id: string; key: TTestKey; revoked: boolean };

/**
 * A small stand-in for the Firebreak server, for SDK unit tests: agent and control-plane JWKS, directives and
 * policy signed with its own key (request tokens checked), and an events endpoint that verifies and records.
 * It answers Requests, so tests pass its `fetch` to the SDK (or serve it over real HTTP with serve()).
 */
export class StubControlPlane {
  readonly agents = new Map<string, TAgentEntry>();
  readonly directives = new Map<string, unknown[]>();
  readonly events: Record<string, unknown>[] = [];
  readonly hits: string[] = [];
  policy: { version: number; policy: unknown } | null = null;
  /** This stub's replica name (sent as firebreak-replica); a token naming another replica is answered 421. */
  replica = "firebreak:replica:first";
  /** The `aud` of every agent request token received. */
  readonly audiences: unknown[] = [];
  /** Override an answer: return a Response to use it, undefined to fall through. */
  intercept?: (path: string, req: Request) => Response | undefined | Promise<Response | undefined>;

  private constructor(readonly key: TTestKey) {}

  /** A stub with a fresh control-plane key. */
  static async create(): Promise<StubControlPlane> {
    return new StubControlPlane(await testKey());
  }

  /** Registers an agent with a fresh key; returns its id and private JWK. */
  async addAgent(id: string): Promise<{ id: string; privateJwk: TTestKey["privateJwk"]; key: TTestKey }> {
    const key = await testKey();
    this.agents.set(key.kid, { id, key, revoked: false });
    return { id, privateJwk: key.privateJwk, key };
  }

  /** Revokes a key: it leaves the published agent JWKS. */
  revoke(kid: string): void {
    this.agents.get(kid)!.revoked = true;
  }

  /** Queues a directive for an agent. */
  queue(agentId: string, directive: unknown): void {
    this.directives.set(agentId, [...(this.directives.get(agentId) ?? []), directive]);
  }

  /** Events received of one type (payloads). */
  ofType(type: string): { id: string; data: Record<string, unknown> }[] {
    return this.events.filter((e) => e.type === type) as { id: string; data: Record<string, unknown> }[];
  }

  /** The SDK's fetch, answered in process. */
  readonly fetch: typeof fetch = async (input, init) => this.handle(new Request(input as string, init));

  /** Answers one request. */
  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    this.hits.push(url.pathname);
    const over = await this.intercept?.(url.pathname, req);
    if (over) return over;
    if (url.pathname === "/.well-known/jwks.json") return Response.json({ keys: [this.key.publicJwk] });
    if (url.pathname === "/api/v1/agents/jwks") {
      return Response.json({ keys: [...this.agents.values()].filter((a) => !a.revoked).map((a) => ({ ...a.key.publicJwk, sub: a.id })) });
    }
    if (url.pathname === "/api/v1/events" && req.method === "POST") return this.ingest(req);
    const m = /^\/api\/v1\/agents\/([^/]+)\/directives$/.exec(url.pathname);
    if (m) {
      const refused = await this.authorised(req, m[1]);
      if (refused) return refused;
      const all = this.directives.get(m[1]) ?? [];
      const after = Number(url.searchParams.get("after") ?? 0);
      const jws = await signWith(this.key, { directives: all.slice(after), cursor: String(all.length) }, { typ: "fb-directives+jws" });
      return new Response(jws, { headers: { "content-type": "application/jose", "firebreak-replica": this.replica } });
    }
    if (url.pathname === "/api/v1/policy" && this.policy) {
      return new Response(await signWith(this.key, this.policy, { typ: "fb-policy+jws" }), { headers: { "content-type": "application/jose" } });
    }
    return new Response("not found", { status: 404 });
  }

  /**
   * Checks a Bearer fb-request+jwt as docs/architecture.md#directives says: agent key, sub, aud ("firebreak",
   * and at most this replica besides), exp ≤ 60 s after iat. Answers the refusal (401, or 421 for a token
   * naming another replica), or undefined.
   */
  private async authorised(req: Request, agentId: string): Promise<Response | undefined> {
    const verdict = await this.check(req, agentId);
    if (verdict === "ok") return undefined;
    return new Response(verdict, { status: verdict === "misdirected" ? 421 : 401 });
  }

  private async check(req: Request, agentId: string): Promise<"ok" | "misdirected" | "unauthorised"> {
    const token = (req.headers.get("authorization") ?? "").replace(/^Bearer /, "");
    try {
      const h = decodeProtectedHeader(token);
      const entry = this.agents.get(String(h.kid));
      if (h.typ !== "fb-request+jwt" || !entry || entry.revoked || entry.id !== agentId) return "unauthorised";
      const { payload } = await compactVerify(token, await importJWK(entry.key.publicJwk, "EdDSA"), { algorithms: ["EdDSA"] });
      const p = JSON.parse(new TextDecoder().decode(payload));
      this.audiences.push(p.aud);
      const aud: unknown[] = Array.isArray(p.aud) ? p.aud : [p.aud];
      if (!(p.sub === agentId && aud.includes("firebreak") && p.exp - p.iat <= 60 && typeof p.jti === "string")) return "unauthorised";
      return aud.every((a) => a === "firebreak" || a === this.replica) ? "ok" : "misdirected";
    } catch {
      return "unauthorised";
    }
  }

  private async ingest(req: Request): Promise<Response> {
    const { events } = (await req.json()) as { events: string[] };
    const seen = new Set(this.events.map((e) => `${e.source}/${e.id}`));
    const results = [];
    for (const [index, jws] of events.entries()) {
      const entry = this.agents.get(String(decodeProtectedHeader(jws).kid));
      const { payload } = await compactVerify(jws, await importJWK(entry!.key.publicJwk, "EdDSA"), { algorithms: ["EdDSA"] });
      const event = JSON.parse(new TextDecoder().decode(payload));
      const key = `${event.source}/${event.id}`;
      results.push({ index, id: event.id, status: seen.has(key) ? "duplicate" : "accepted" });
      if (!seen.has(key)) this.events.push(event);
      seen.add(key);
    }
    return Response.json({ results }, { status: 207 });
  }
}
