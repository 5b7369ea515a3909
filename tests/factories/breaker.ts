import { randomUUID } from "node:crypto";
import { boundaryId } from "../../lib/server/boundaries/boundary-id.ts";
import { getDb } from "../../lib/server/db/client.ts";
import { cloudEvent, createTestAgent, signAs, validatedData, type TestAgent } from "./agents.ts";
import { postEvents } from "./http.ts";

/** A boundary between two fresh agents, with the receiver's helpers to report what its breaker does. */
export type TestBoundary = {
  sender: TestAgent;
  receiver: TestAgent;
  id: string;
  /** Reports a transition (seq increments by itself); `at` backdates the event. */
  report: (from: string, to: string, over?: Record<string, unknown>) => Promise<unknown>;
  /** Reports validated messages from the sender; `at` backdates them (1 ms apart), `anomalyScores` scores each. */
  validate: (outcomes: ("accepted" | "rejected")[], over?: { at?: Date; parents?: string[]; anomalyScores?: number[] }) => Promise<string[]>;
};

/** Registers a sender and a receiver and returns their boundary's helpers. */
export async function createTestBoundary(prefix = "gate"): Promise<TestBoundary> {
  const sender = await createTestAgent(`${prefix}-s`);
  const receiver = await createTestAgent(`${prefix}-r`);
  let seq = 0;
  const post = async (events: object[]) => {
    const res = await postEvents(await Promise.all(events.map((e) => signAs(receiver, e))));
    if (res.body?.accepted !== events.length) throw new Error(`events refused: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return {
    sender, receiver, id: boundaryId(sender.id, receiver.id),
    report: (from, to, over = {}) => {
      const { at, ...data } = over as { at?: Date } & Record<string, unknown>;
      return post([cloudEvent(receiver, "breaker.transition", {
        sender: sender.id, receiver: receiver.id, seq: ++seq, from, to, reason: "test", failureCount: 3, anomalyRate: 0.1, ...data,
      }, at ? { time: at.toISOString() } : {})]);
    },
    validate: async (outcomes, over = {}) => {
      const ids = outcomes.map(() => `msg-${randomUUID()}`);
      await post(outcomes.map((outcome, i) => cloudEvent(receiver, "message.validated",
        validatedData(sender.id, receiver.id, {
          messageId: ids[i], outcome, reasons: outcome === "rejected" ? ["schema"] : [], parents: over.parents ?? [],
          ...(over.anomalyScores ? { anomalyScore: over.anomalyScores[i] } : {}),
        }),
        over.at ? { time: new Date(over.at.getTime() + i).toISOString() } : {})));
      return ids;
    },
  };
}

/** The boundary row as the server mirrors it. */
export const boundaryRow = (id: string) => getDb().boundary.findUniqueOrThrow({ where: { id } });
/** The reviews of a boundary, oldest first. */
export const reviewsOf = (id: string) => getDb().review.findMany({ where: { boundaryId: id }, orderBy: { createdAt: "asc" } });
/** The incidents of a boundary, oldest first. */
export const incidentsOf = (id: string) => getDb().incident.findMany({ where: { boundaryId: id }, orderBy: { createdAt: "asc" } });
