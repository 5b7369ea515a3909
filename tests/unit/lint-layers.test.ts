import { ESLint } from "eslint";
import { beforeAll, describe, expect, test } from "vitest";

// The repository's own lint configuration, run on imports placed in each layer's files (nothing is written).
let eslint: ESLint;
beforeAll(async () => {
  eslint = new ESLint({ cwd: process.cwd() });
  await eslint.calculateConfigForFile("lib/domain/policy.ts"); // loads the configuration once: seconds on a busy machine
}, 120_000);

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = [x];\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("lint: the layers of docs/architecture.md", { timeout: 60_000 }, () => {
  test("a component importing a lib/server value fails; a type from lib/server or a view from lib/domain passes", async () => {
    expect(await problems("components/graph/bad.tsx", 'import { getDb as x } from "@/lib/server/db/client.ts";')).toEqual([
      expect.stringContaining("Only server code imports lib/server values"),
    ]);
    expect(await problems("components/graph/ok.tsx", 'import type { Db as x } from "@/lib/server/db/client.ts";')).toEqual([]);
    expect(await problems("components/graph/ok.tsx", 'import type { ReviewView as x } from "@/lib/domain/views.ts";')).toEqual([]);
  });

  test("the SDK and the sidecar may import neither lib/server values nor Next", async () => {
    expect(await problems("sdk/control/bad.ts", 'import { getDb as x } from "../../lib/server/db/client.ts";')).toHaveLength(1);
    expect(await problems("sidecar/bad.ts", 'import { NextResponse as x } from "next/server";')).toEqual([expect.stringContaining("nothing from Next")]);
  });

  test("lib/domain may import only its own modules, zod, jose and yaml", async () => {
    expect(await problems("lib/domain/bad.ts", 'import { readFileSync as x } from "node:fs";')).toEqual([expect.stringContaining("lib/domain is pure")]);
    expect(await problems("lib/domain/bad.ts", 'import { getDb as x } from "../server/db/client.ts";')).toHaveLength(1);
    expect(await problems("lib/domain/bad.ts", 'import type { Db as x } from "../server/db/client.ts";')).toHaveLength(1);
    expect(await problems("lib/domain/ok.ts", 'import { z as x } from "zod";\nimport { DEFAULT_POLICY } from "./policy.ts";\nexport { DEFAULT_POLICY };')).toEqual([]);
  });

  test("nothing imports from app/, not even a type", async () => {
    const app = 'import type { X as x } from "@/app/(dashboard)/provenance/actions";';
    expect(await problems("components/provenance/bad.tsx", app)).toEqual([expect.stringContaining("Nothing imports from app/")]);
    expect(await problems("lib/server/bad.ts", app)).toHaveLength(1);
    expect(await problems("lib/server/ok.ts", 'import { getDb as x } from "./db/client.ts";')).toEqual([]);
  });
});

describe("lint: one way each", { timeout: 60_000 }, () => {
  const rules = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath }))[0].messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);

  test("a component calling useMutation itself fails; usePost is the one that may", async () => {
    const code = 'import { useMutation as x } from "@tanstack/react-query";';
    expect(await problems("components/graph/bad.tsx", code)).toEqual([expect.stringContaining("usePost")]);
    expect(await problems("components/forms/use-post.ts", code)).toEqual([]);
  });

  test("a transaction opened on the Prisma client fails outside lib/server/db/transaction.ts", async () => {
    const code = "declare const db: { $transaction: (f: () => void) => void };\ndb.$transaction(() => {});\n";
    expect(await rules("lib/server/users/bad.ts", code)).toEqual([expect.stringContaining("transaction()")]);
    expect(await rules("lib/server/db/transaction.ts", code)).toEqual([]);
  });

  test("a date formatted inline in a page or component fails; a number's toLocaleString passes", async () => {
    expect(await rules("components/audit/bad.tsx", "export const t = new Date(0).toUTCString();\n")).toEqual([expect.stringContaining("<Timestamp>")]);
    expect(await rules("app/(dashboard)/bad/page.tsx", "export const f = new Intl.DateTimeFormat();\n")).toHaveLength(1);
    expect(await rules("components/policy/ok.tsx", "export const n = (1234).toLocaleString();\n")).toEqual([]);
  });
});
