import { createServer, connect, type Server, type Socket } from "node:net";

/** A loopback TCP proxy that a test can cut (every connection dropped, new ones refused) and restore. */
export type TcpProxy = { port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> };

/** Proxies 127.0.0.1:<port> to target: the test's stand-in for a network blip between a replica and its database. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const track = (s: Socket) => (sockets.add(s), s.on("close", () => sockets.delete(s)));
  const make = (): Server =>
    createServer((client) => {
      const upstream = connect(targetPort, targetHost);
      track(client);
      track(upstream);
      client.pipe(upstream).pipe(client);
      client.on("error", () => upstream.destroy());
      upstream.on("error", () => client.destroy());
    });
  const listen = (srv: Server, port: number) => new Promise<number>((resolve, reject) => {
    srv.once("error", reject);
    srv.listen(port, "127.0.0.1", () => resolve((srv.address() as { port: number }).port));
  });
  let server: Server | undefined = make();
  const port = await listen(server, 0);
  const stop = async () => {
    for (const s of sockets) s.destroy();
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
  };
  return {
    port,
    cut: stop,
    restore: async () => {
      if (server) return;
      server = make();
      await listen(server, port);
    },
    close: stop,
  };
}
