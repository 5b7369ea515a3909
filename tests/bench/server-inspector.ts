// A benchmark's window into the server it started with `--inspect=127.0.0.1:<port>` (bench servers only): forces a
// full garbage collection and reads process.memoryUsage(), so live data is told apart from garbage not yet collected,
// and writes heap snapshots for a closer look (open them in Chrome's DevTools, Memory tab).
import { createWriteStream } from "node:fs";
import { createRequire } from "node:module";

// Node 20 has no WebSocket client of its own; Next ships one (the ws package, compiled).
type Ws = { once(e: string, f: (v?: unknown) => void): Ws; on(e: "message", f: (raw: Buffer) => void): Ws; send(s: string): void; close(): void };
const WebSocket = createRequire(import.meta.url)("next/dist/compiled/ws") as new (url: string, opts: object) => Ws;

export type Memory = { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };

export async function connectInspector(port: number) {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(list[0].webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
  let next = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const chunks: ((chunk: string) => void)[] = [];
  ws.on("message", (raw) => {
    const msg = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: { chunk: string } };
    if (msg.method === "HeapProfiler.addHeapSnapshotChunk") return chunks.forEach((c) => c(msg.params!.chunk));
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  });
  const call = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  const memory = async (): Promise<Memory> => {
    const r = await call<{ result: { value: string } }>("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
    const m = JSON.parse(r.result.value) as Memory;
    const mb = (n: number) => n / 1024 / 1024;
    return { rss: mb(m.rss), heapTotal: mb(m.heapTotal), heapUsed: mb(m.heapUsed), external: mb(m.external), arrayBuffers: mb(m.arrayBuffers) };
  };
  return {
    /** process.memoryUsage() in MB, as it is and after a full collection. */
    async memory(): Promise<{ before: Memory; afterGc: Memory }> {
      const before = await memory();
      await call("HeapProfiler.collectGarbage");
      await call("HeapProfiler.collectGarbage");
      return { before, afterGc: await memory() };
    },
    async heapSnapshot(file: string): Promise<void> {
      const out = createWriteStream(file);
      const write = (c: string) => void out.write(c);
      chunks.push(write);
      await call("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
      chunks.splice(chunks.indexOf(write), 1);
      await new Promise((r) => out.end(r));
    },
    close: () => ws.close(),
  };
}
