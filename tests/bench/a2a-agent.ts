// The sidecar bench's A2A agent in a process of its own (the official SDK's express server, answering one data
// part), so a round trip through a pair does not wake the bench client's process as well; direct calls, the bare
// pair and the sidecar pair all reach this one process. Built to JavaScript by the bench; prints its URL once listening.
import { startA2aAgent } from "../support/a2a.ts";

const agent = await startA2aAgent("bench", () => ({ data: { price: 42 } }));
console.log(`a2a agent listening at ${agent.url}`);
process.once("SIGTERM", () => process.exit(0)); // an orderly exit, so --cpu-prof writes its profile
