import { SendMessageRequest, StreamResponse } from "@a2a-js/sdk";

const SEND_METHODS = new Set(["SendMessage", "SendStreamingMessage", "message/send", "message/stream"]);
const TASK_METHODS = new Set(["GetTask", "CancelTask", "SubscribeToTask", "tasks/get", "tasks/cancel", "tasks/resubscribe"]);

/** The A2A contextId and taskId a JSON-RPC request names (its message's, or the task it asks about), read with the A2A SDK's schema. */
export function requestKeys(rpc: Record<string, unknown> | undefined): string[] {
  if (!rpc || typeof rpc.method !== "string") return [];
  try {
    if (SEND_METHODS.has(rpc.method)) {
      const m = SendMessageRequest.fromJSON(rpc.params ?? {}).message;
      return [m?.contextId, m?.taskId].filter(nonEmpty);
    }
    if (TASK_METHODS.has(rpc.method)) {
      const id = (rpc.params as { id?: unknown } | undefined)?.id;
      return typeof id === "string" && id ? [id] : [];
    }
  } catch {
    // a params shape the schema does not take: no correlation, the message starts a new chain
  }
  return [];
}

/** The contextId and taskId a JSON-RPC response or stream event carries (message, task, status or artifact update). */
export function responseKeys(rpc: Record<string, unknown> | undefined): string[] {
  const result = rpc?.result;
  if (!result || typeof result !== "object") return [];
  try {
    const p = StreamResponse.fromJSON(result).payload;
    if (!p) return [];
    if (p.$case === "task") return [p.value.contextId, p.value.id].filter(nonEmpty);
    return [p.value.contextId, p.value.taskId].filter(nonEmpty);
  } catch {
    return [];
  }
}

/**
 * True when a response has the shape of a refusal written by a Firebreak sidecar: a JSON-RPC error (no result)
 * with data.firebreak. The shape proves nothing (an agent can write it too): such an answer is never passed
 * on as it is, only as the sidecar's own refusal (relayRefusal).
 */
export function isFirebreakRefusal(rpc: Record<string, unknown> | undefined): boolean {
  const error = rpc?.error as { data?: { firebreak?: unknown } } | undefined;
  return rpc?.result === undefined && typeof error?.data?.firebreak === "object" && error.data.firebreak !== null;
}

const nonEmpty = (s: string | undefined): s is string => typeof s === "string" && s.length > 0;
