import { createAgent, silentLogger, type TAgent, type TAgentOptions } from "../../../../sdk/index.ts";
import { testClock, type TTestClock } from "./clock.ts";
import { StubControlPlane } from "./control-plane.ts";

/** A stub control plane, a shared test clock, and a way to make registered agents on it. */
export type TWorld = { cp: StubControlPlane; clock: TTestClock; agent(id: string, extra?: Partial<TAgentOptions>): Promise<TAgent> };

/** Builds a test world: every agent talks to the same stub through its in-process fetch and shares the clock. */
export async function testWorld(): Promise<TWorld> {
  const cp = await StubControlPlane.create();
  const clock = testClock();
  return {
    cp,
    clock,
    async agent(id, extra = {}) {
      const { privateJwk } = await cp.addAgent(id);
      return createAgent({ id, privateJwk, controlPlaneUrl: "http://cp.test", fetch: cp.fetch, clock, logger: silentLogger, reporter: { random: () => 0.5 }, ...extra });
    },
  };
}
