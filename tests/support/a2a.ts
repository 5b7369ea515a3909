import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { AGENT_CARD_PATH, type AgentCard, type Message } from "@a2a-js/sdk";
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type RequestContext } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import { ClientFactory, type Client } from "@a2a-js/sdk/client";
import { parseSidecarConfig } from "../../sidecar/config.ts";
import { startSidecar, type TRunningSidecar } from "../../sidecar/start.ts";
import { silentLogger, type TLogger, type TValidator } from "../../sdk/index.ts";
import type { TestAgent } from "../factories/agents.ts";

/** What a test agent answers: a data part (a reply message), or a streamed task whose artifacts carry these data parts. */
export type TAnswer = { data: unknown } | { stream: unknown[] };

/** A real A2A agent (the official SDK's express server) that answers with whatever `answer` says; it records what it received. */
export type TA2aAgent = { url: string; received: Message[]; answer: (ctx: RequestContext) => TAnswer | Promise<TAnswer>; close: () => Promise<void> };

const dataPart = (value: unknown) => ({ content: { $case: "data" as const, value }, metadata: undefined, filename: "", mediaType: "" });

/** Starts an A2A agent on a free loopback port. */
export async function startA2aAgent(name: string, answer: TA2aAgent["answer"]): Promise<TA2aAgent> {
  const agent: TA2aAgent = { url: "", received: [], answer, close: async () => {} };
  const executor: AgentExecutor = {
    async execute(ctx, bus) {
      agent.received.push(ctx.userMessage);
      const a = await agent.answer(ctx);
      if ("data" in a) {
        bus.publish(AgentEvent.message({ messageId: `r-${ctx.userMessage.messageId}`, contextId: ctx.contextId, taskId: "", role: 2, parts: [dataPart(a.data)], metadata: undefined, extensions: [], referenceTaskIds: [] }));
      } else {
        const base = { taskId: ctx.taskId, contextId: ctx.contextId, metadata: undefined };
        bus.publish(AgentEvent.task({ id: ctx.taskId, contextId: ctx.contextId, status: { state: 1, message: undefined, timestamp: undefined }, artifacts: [], history: [], metadata: undefined }));
        a.stream.forEach((value, i) => bus.publish(AgentEvent.artifactUpdate({ ...base, artifact: { artifactId: `a${i}`, name: "", description: "", parts: [dataPart(value)], metadata: undefined, extensions: [] }, append: false, lastChunk: i === a.stream.length - 1 })));
        bus.publish(AgentEvent.statusUpdate({ ...base, status: { state: 3, message: undefined, timestamp: undefined } }));
      }
      bus.finished();
    },
    async cancelTask() {},
  };
  const app = express();
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  agent.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const card = {
    name, description: `test agent ${name}`, version: "1.0.0",
    supportedInterfaces: [{ url: `${agent.url}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0", tenant: "" }],
    capabilities: { streaming: true, pushNotifications: false, extensions: [] },
    defaultInputModes: ["text", "data"], defaultOutputModes: ["text", "data"], skills: [], securitySchemes: {}, securityRequirements: [], signatures: [],
  } as unknown as AgentCard;
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use("/a2a/jsonrpc", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  agent.close = () => new Promise((r) => (server.close(() => r()), server.closeAllConnections()));
  return agent;
}

/** Starts a sidecar for a registered agent in this process, on free ports. */
export function startTestSidecar(o: { agent: TestAgent; controlPlane: string; upstream: string; peers?: Record<string, string>; validatorsFor?: (sender: string) => TValidator[]; extra?: Record<string, unknown>; logger?: TLogger }): Promise<TRunningSidecar> {
  const config = parseSidecarConfig({
    agent: o.agent.id, key: "unused.jwk.json", controlPlane: o.controlPlane,
    inbound: { listen: "127.0.0.1:0", upstream: o.upstream }, outbound: { listen: "127.0.0.1:0" },
    peers: o.peers ?? {}, validators: [], pollIntervalMs: 200, ...o.extra,
  }, process.cwd());
  return startSidecar(config, { privateJwk: o.agent.privateJwk, logger: o.logger ?? silentLogger, ...(o.validatorsFor ? { validatorsFor: o.validatorsFor } : {}) });
}

/** An A2A client of `peer` as its caller's agent sees it: through the caller's outbound sidecar (card included). */
export function clientThrough(caller: TRunningSidecar, peer: string): Promise<Client> {
  return new ClientFactory().createFromUrl(`${caller.outboundUrl}/peers/${peer}/`);
}

/** A SendMessage request with one data part. */
export function dataMessage(value: unknown, over: Partial<Message> = {}) {
  return { tenant: "", message: { messageId: `m-${Math.random().toString(36).slice(2)}`, contextId: "", taskId: "", role: 1, parts: [dataPart(value)], metadata: undefined, extensions: [], referenceTaskIds: [], ...over }, configuration: undefined, metadata: undefined };
}
