import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../lib/domain/policy.ts";
import { requestKeys, responseKeys } from "../../../sidecar/a2a.ts";
import { parseSidecarConfig, SidecarConfigError } from "../../../sidecar/config.ts";
import { ReplayGuard } from "../../../sidecar/replay-guard.ts";
import { countFanOut, Threads } from "../../../sidecar/threads.ts";

const good = { agent: "buyer", key: "./k.json", controlPlane: "http://127.0.0.1:3000", inbound: { listen: "127.0.0.1:9101", upstream: "http://127.0.0.1:8101" }, outbound: { listen: "127.0.0.1:9201" }, peers: { seller: "http://127.0.0.1:9100" } };

describe("sidecar: context chains, replays, config", () => {
  it("a message sent under a remembered contextId continues that chain and counts toward its fan-out; unknown contexts start anew", () => {
    const t = new Threads();
    t.remember(["ctx-1", "task-1"], "msg-a", ["origin", "feed"], 0);
    expect(t.continuation("buyer", ["ctx-1"], 10)).toMatchObject({ chain: ["origin", "feed", "buyer"], parents: ["msg-a"] });
    expect(t.continuation("buyer", ["task-1"], 10).chain).toEqual(["origin", "feed", "buyer"]);
    expect(t.continuation("buyer", ["ctx-2"], 10)).toEqual({ chain: ["buyer"], parents: [] });
    expect(t.continuation("buyer", ["ctx-1"], 4_000_000)).toEqual({ chain: ["buyer"], parents: [] }); // forgotten after the TTL
    const thread = t.find(["ctx-1"], 10)!;
    const cap = { max_downstream_per_message: 2 };
    expect(countFanOut(thread, "p1", cap).ok).toBe(true);
    expect(countFanOut(thread, "p1", cap).ok).toBe(true); // the same receiver again is not another branch
    expect(countFanOut(thread, "p2", cap).ok).toBe(true);
    expect(countFanOut(thread, "p3", cap)).toMatchObject({ ok: false, rule: "fan_out", count: 3 });
    expect(countFanOut(undefined, "p9", DEFAULT_POLICY.fan_out).ok).toBe(true);
  });

  it("A2A correlation keys are read from requests and from responses of every shape", () => {
    expect(requestKeys({ jsonrpc: "2.0", method: "SendMessage", params: { message: { messageId: "m", role: "ROLE_USER", parts: [], contextId: "c1", taskId: "t1" } } })).toEqual(["c1", "t1"]);
    expect(requestKeys({ jsonrpc: "2.0", method: "GetTask", params: { id: "t9" } })).toEqual(["t9"]);
    expect(requestKeys({ jsonrpc: "2.0", method: "SendMessage", params: "nonsense" })).toEqual([]);
    expect(responseKeys({ jsonrpc: "2.0", result: { task: { id: "t2", contextId: "c2", status: { state: "TASK_STATE_WORKING" } } } })).toEqual(["c2", "t2"]);
    expect(responseKeys({ jsonrpc: "2.0", result: { statusUpdate: { taskId: "t3", contextId: "c3", status: {} } } })).toEqual(["c3", "t3"]);
    expect(responseKeys({ jsonrpc: "2.0", result: { message: { messageId: "r", contextId: "c4", role: "ROLE_AGENT", parts: [] } } })).toEqual(["c4"]);
  });

  it("a message id is taken once, and an iat outside the window is a replay", () => {
    const g = new ReplayGuard();
    const now = 1_000_000_000;
    expect(g.check("x", "m1", now / 1000, now)).toBe("ok");
    expect(g.check("x", "m1", now / 1000, now)).toBe("seen");
    expect(g.check("x", "m2", now / 1000 - 301, now)).toBe("stale");
  });

  it("a good config parses with defaults; a bad one names each bad key", () => {
    expect(parseSidecarConfig(good, "/etc")).toMatchObject({ agent: "buyer", timeouts: { upstreamMs: 30_000 }, maxBodyBytes: 1_048_576, allowMalformed: false, baseDir: "/etc" });
    const bad = () => parseSidecarConfig({ ...good, agent: "Bad Id", inbound: { listen: "nowhere", upstream: "ftp://x" }, extra: 1 }, "/");
    expect(bad).toThrow(SidecarConfigError);
    expect(bad).toThrow(/agent: must be an agent id/);
    expect(bad).toThrow(/inbound\.listen: must be host:port/);
    expect(bad).toThrow(/inbound\.upstream/);
    expect(() => parseSidecarConfig({ ...good, controlPlane: undefined }, "/")).toThrow(/controlPlane/);
  });
});
