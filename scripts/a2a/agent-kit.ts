// What the demo's A2A agents share: an @a2a-js/sdk express server answering one message at a time, and an
// A2A client of a peer. Nothing here knows about Firebreak: each agent is an ordinary A2A agent whose peer
// URLs happen to point at its own outbound sidecar.
import type { Server } from "node:http";
import express, { type Express } from "express";
import { AGENT_CARD_PATH, Role, type AgentCard, type Message, type Part } from "@a2a-js/sdk";
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import { ClientFactory, type Client } from "@a2a-js/sdk/client";

/** The content of a message: its text and data parts, in order. */
export type TContent = { text: string[]; data: unknown[] };

const part = (content: Part["content"]): Part => ({ content, metadata: undefined, filename: "", mediaType: "" });
/** A data part. */
export const dataPart = (value: unknown) => part({ $case: "data", value });
/** A text part. */
export const textPart = (value: string) => part({ $case: "text", value });

/** Splits a message's parts into text and data. */
export function contentOf(m: Message | undefined): TContent {
  const out: TContent = { text: [], data: [] };
  for (const p of m?.parts ?? []) {
    if (p.content?.$case === "text") out.text.push(p.content.value);
    if (p.content?.$case === "data") out.data.push(p.content.value);
  }
  return out;
}

/** One A2A agent: its name, its port, and what it answers to a message (the parts of its reply). */
export type TAgentSpec = { name: string; description: string; port: number; answer: (content: TContent, contextId: string) => Promise<Part[]> };

/** Starts the agent's A2A server (card and JSON-RPC) on 127.0.0.1; returns the express app for extra routes. */
export async function serveAgent(spec: TAgentSpec): Promise<{ app: Express; server: Server }> {
  const url = `http://127.0.0.1:${spec.port}`;
  const card = {
    name: spec.name, description: spec.description, version: "1.0.0",
    supportedInterfaces: [{ url: `${url}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0", tenant: "" }],
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    defaultInputModes: ["text/plain", "application/json"], defaultOutputModes: ["text/plain", "application/json"],
    skills: [], securitySchemes: {}, securityRequirements: [], signatures: [], provider: undefined,
  } as AgentCard;
  const executor: AgentExecutor = {
    async execute(ctx, bus) {
      let parts: Part[];
      try {
        parts = await spec.answer(contentOf(ctx.userMessage), ctx.contextId);
      } catch (err) {
        parts = [textPart(`${spec.name} failed: ${(err as Error).message}`)];
      }
      bus.publish(AgentEvent.message({
        messageId: crypto.randomUUID(), contextId: ctx.contextId, taskId: "", role: Role.ROLE_AGENT, parts,
        metadata: undefined, extensions: [], referenceTaskIds: [],
      }));
      bus.finished();
    },
    async cancelTask() {},
  };
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), executor);
  const app = express();
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: handler }));
  app.use("/a2a/jsonrpc", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  const server = app.listen(spec.port, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { app, server };
}

/** An A2A client of a peer at `baseUrl` (its card is fetched there); made once, on first use. */
export function peer(baseUrl: string): (parts: Part[], contextId?: string) => Promise<TContent> {
  let client: Promise<Client> | undefined;
  return async (parts, contextId = "") => {
    client ??= new ClientFactory().createFromUrl(baseUrl).catch((err) => {
      client = undefined;
      throw err;
    });
    const message: Message = {
      messageId: crypto.randomUUID(), contextId, taskId: "", role: Role.ROLE_USER, parts,
      metadata: undefined, extensions: [], referenceTaskIds: [],
    };
    const result = await (await client).sendMessage({ tenant: "", message, configuration: undefined, metadata: undefined });
    return contentOf("parts" in result ? result : result.status?.message);
  };
}

/** Reads `--name value` flags of an agent process. */
export function flags(): Record<string, string> {
  const out: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  return out;
}

/** Why a peer call failed, in one line (a Firebreak refusal says its reason). */
export function failure(err: unknown): { error: string; firebreak?: unknown } {
  const e = err as Error & { data?: { firebreak?: unknown }; code?: number };
  return { error: e.message, ...(e.data?.firebreak ? { firebreak: e.data.firebreak } : {}) };
}
