import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../../lib/server/db/unavailable.ts";

const prismaError = (code: string, message: string) => Object.assign(new Error(message), { name: "PrismaClientKnownRequestError", code });

describe("isDatabaseUnavailable", () => {
  it("counts a transaction that found no free connection in time as the database being unavailable", () => {
    expect(isDatabaseUnavailable(prismaError("P2028", "Transaction API error: Unable to start a transaction in the given time."))).toBe(true);
  });

  it("does not count other transaction API errors, which are the code's own mistakes", () => {
    expect(isDatabaseUnavailable(prismaError("P2028", "Transaction API error: Transaction already closed: A commit cannot be executed on an expired transaction."))).toBe(false);
    expect(isDatabaseUnavailable(prismaError("P2002", "Unique constraint failed on the fields: (`id`)"))).toBe(false);
  });

  it("counts a lost connection, found down the cause chain", () => {
    expect(isDatabaseUnavailable(new Error("outer", { cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }) }))).toBe(true);
  });
});
