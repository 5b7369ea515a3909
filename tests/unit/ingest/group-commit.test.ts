import { describe, expect, it } from "vitest";
import { GroupCommit } from "../../../lib/server/db/group-commit.ts";

/** A group runner that records its groups and fails any group holding a job named "bad". */
function recorder(delayMs = 5) {
  const groups: string[][] = [];
  const run = async (jobs: string[]) => {
    groups.push(jobs);
    await new Promise((r) => setTimeout(r, delayMs));
    if (jobs.includes("bad")) throw new Error("cannot store bad");
    return jobs.map((j) => `stored ${j}`);
  };
  return { groups, run };
}

describe("GroupCommit", () => {
  it("runs jobs that arrive while a group is running together in the next group, each getting its own result", async () => {
    const { groups, run } = recorder();
    const gc = new GroupCommit(run, 100, () => 1);
    const results = await Promise.all(["a", "b", "c", "d"].map((j) => gc.submit(j)));
    expect(results).toEqual(["stored a", "stored b", "stored c", "stored d"]);
    expect(groups).toEqual([["a"], ["b", "c", "d"]]);
  });

  it("never lets a group grow past its weight", async () => {
    const { groups, run } = recorder();
    const gc = new GroupCommit(run, 5, (j: string) => j.length);
    await Promise.all(["first", "aa", "bb", "cc", "dd"].map((j) => gc.submit(j)));
    expect(groups).toEqual([["first"], ["aa", "bb"], ["cc", "dd"]]);
  });

  it("fails only the job that cannot be stored: its neighbours in the group are run again alone", async () => {
    const { groups, run } = recorder();
    const gc = new GroupCommit(run, 100, () => 1);
    const settled = await Promise.allSettled(["a", "b", "bad", "c"].map((j) => gc.submit(j)));
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : (s.reason as Error).message)))
      .toEqual(["stored a", "stored b", "cannot store bad", "stored c"]);
    expect(groups).toEqual([["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]);
  });

  it("keeps working after a failure", async () => {
    const { run } = recorder(0);
    const gc = new GroupCommit(run, 100, () => 1);
    await expect(gc.submit("bad")).rejects.toThrow("cannot store bad");
    await expect(gc.submit("e")).resolves.toBe("stored e");
  });

  it("with two lanes, a second group runs beside the first, and every job still gets its own result", async () => {
    const { groups, run } = recorder();
    const gc = new GroupCommit(run, 100, () => 1, () => 2);
    const results = await Promise.all(["a", "b", "c", "d"].map((j) => gc.submit(j)));
    expect(results).toEqual(["stored a", "stored b", "stored c", "stored d"]);
    expect(groups).toEqual([["a"], ["b"], ["c", "d"]]);
  });
});
