import http, { type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setEd25519 } from "../sdk/index.ts";
import { loadKey, splitListen, type TSidecarConfig } from "./config.ts";
import { createSidecarCore, type TCoreOptions, type TSidecarCore } from "./core.ts";
import { inboundHandler } from "./inbound.ts";
import { sodiumEd25519 } from "./keys/sodium-ed25519.ts";
import { outboundHandler } from "./outbound.ts";

/** A running sidecar: where its ports listen, its shared parts, and how to stop it. */
export type TRunningSidecar = { inboundUrl: string; outboundUrl: string; core: TSidecarCore; close: () => Promise<void> };

function listen(server: Server, listenAt: string): Promise<string> {
  const { host, port } = splitListen(listenAt);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      resolve(`http://${a.address}:${a.port}`);
    });
  });
}

/** Starts both ports and the directive poller; `privateJwk` defaults to the key file the config names. */
export async function startSidecar(config: TSidecarConfig, opts: Partial<TCoreOptions> = {}): Promise<TRunningSidecar> {
  setEd25519(sodiumEd25519); // every message is signed twice and verified once: the faster Ed25519
  const core = createSidecarCore(config, { ...opts, privateJwk: opts.privateJwk ?? loadKey(config) });
  await core.ctx.signer(); // a key that cannot be imported fails now, not on the first message
  const inbound = http.createServer({ keepAliveTimeout: 65_000 }, inboundHandler(core));
  const outbound = http.createServer({ keepAliveTimeout: 65_000 }, outboundHandler(core));
  try {
    core.urls.inbound = await listen(inbound, config.inbound.listen);
    core.urls.outbound = await listen(outbound, config.outbound.listen);
  } catch (err) {
    inbound.close();
    outbound.close();
    throw err;
  }
  core.poller.start();
  const stop = (s: Server) => new Promise<void>((r) => (s.close(() => r()), s.closeAllConnections()));
  return {
    inboundUrl: core.urls.inbound,
    outboundUrl: core.urls.outbound,
    core,
    close: async () => {
      await Promise.all([stop(inbound), stop(outbound), core.poller.stop()]);
      core.unverified.flush();
      core.replayFull.flush();
      core.breakerFile?.save();
      await core.ctx.reporter.close();
      core.breakerFile?.save(); // what the control plane acknowledged while closing is not re-sent next start
    },
  };
}
