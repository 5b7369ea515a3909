import "server-only";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { trustedProxyHops } from "../config/security-config.ts";

/**
 * Next.js gives route handlers no socket address, and fills X-Forwarded-For only when the client sent none,
 * so that header is the client's to write. Node announces every request on the `http.server.request.start`
 * diagnostics channel before any handler runs: there we overwrite this header with the socket's own
 * address, so whatever a client wrote under the same name is gone before Next.js sees the request.
 */
export const PEER_HEADER = "x-firebreak-peer-address";

const holder = globalThis as { __firebreakPeerWatch?: boolean };

/** Starts stamping each incoming request with its socket address (once per process; at server start). */
export function watchPeerAddresses(): void {
  if (holder.__firebreakPeerWatch) return;
  holder.__firebreakPeerWatch = true;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_HEADER] = socket.remoteAddress ?? "unknown";
  });
}

type HeaderSource = Headers | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  const v = headers instanceof Headers ? headers.get(name) : headers[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

/**
 * The client's address: the socket's, unless FIREBREAK_TRUSTED_PROXY_HOPS proxies stand in front, in which
 * case the entry the outermost trusted proxy appended to X-Forwarded-For (entries further left are the
 * client's own writing). "unknown" only when the server did not stamp the request (not started by us).
 */
export function clientAddress(headers: HeaderSource): string {
  const peer = holder.__firebreakPeerWatch ? header(headers, PEER_HEADER) : undefined;
  const hops = trustedProxyHops();
  if (hops === 0 || !peer) return peer ?? "unknown";
  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const nearestFirst = [peer, ...forwarded.reverse()];
  return nearestFirst[Math.min(hops, nearestFirst.length - 1)];
}
