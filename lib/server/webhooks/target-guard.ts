import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { config } from "../config/config.ts";
import { AppError } from "../errors.ts";

// Targets a webhook may not reach unless the allow-list names them: private, loopback, link-local,
// shared (CGNAT), unspecified, multicast and reserved ranges, in IPv4 and IPv6.
const PRIVATE = new BlockList();
for (const [net, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4]] as const) PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8], ["64:ff9b::", 96]] as const) PRIVATE.addSubnet(net, bits, "ipv6");

type AllowList = { hosts: Set<string>; nets: BlockList };

/** FIREBREAK_WEBHOOK_ALLOW: comma-separated host names, addresses or CIDRs that may be private. */
export function webhookAllowList(raw = config().FIREBREAK_WEBHOOK_ALLOW): AllowList {
  const allow: AllowList = { hosts: new Set(), nets: new BlockList() };
  for (const entry of raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)) {
    const [addr, bits] = entry.split("/");
    const family = isIP(addr);
    if (family === 0) {
      if (bits !== undefined) throw new Error(`FIREBREAK_WEBHOOK_ALLOW: ${entry} is neither a host name nor an address/CIDR`);
      allow.hosts.add(entry);
    } else if (bits === undefined) allow.nets.addAddress(addr, family === 4 ? "ipv4" : "ipv6");
    else allow.nets.addSubnet(addr, Number(bits), family === 4 ? "ipv4" : "ipv6");
  }
  return allow;
}

/** Why an address may not be reached, or null when it may. */
export function refuseAddress(address: string, host: string, allow = webhookAllowList()): string | null {
  if (allow.hosts.has(host.toLowerCase())) return null;
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  const mapped = family === "ipv6" && /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return refuseAddress(mapped, host, allow);
  if (allow.nets.check(address, family)) return null;
  return PRIVATE.check(address, family) ? `${host} resolves to ${address}, a private, loopback or link-local address (allow it with FIREBREAK_WEBHOOK_ALLOW)` : null;
}

/** Checks a subscription URL when it is saved: http(s) only, no credentials, and a host that is not private. */
export async function checkWebhookUrl(raw: string): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("the url is not a valid absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid("the url must be http or https");
  if (url.username || url.password) throw invalid("the url may not carry credentials");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const addresses = isIP(host) ? [{ address: host }] : await resolveAll(host).catch(() => null);
  if (!addresses?.length) throw invalid(`${host} does not resolve`);
  for (const { address } of addresses) {
    const why = refuseAddress(address, host);
    if (why) throw invalid(why);
  }
  return url;
}

/**
 * A DNS lookup for the delivery's connection that refuses private targets: the address checked is the one
 * connected to, so a name that changes its answer between the check and the request gains nothing.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
    if (err) return callback(err, "", 4);
    const host = hostname.replace(/^\[|\]$/g, "");
    const ok = addresses.filter((a) => refuseAddress(a.address, host) === null);
    if (ok.length === 0) return callback(Object.assign(new Error(refuseAddress(addresses[0].address, host) ?? `${host} does not resolve`), { code: "EREFUSED" }), "", 4);
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
    callback(null, ok[0].address, ok[0].family);
  });
};

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true }, (err, a) => (err ? reject(err) : resolve(a))));
}

const invalid = (message: string) => new AppError("invalid", `webhook url refused: ${message}`, { problems: [{ path: "url", message }] });
