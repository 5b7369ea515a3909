import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildSdk } from "../../../scripts/sdk-build.ts";
import { serve } from "./support/http.ts";
import { StubControlPlane } from "./support/control-plane.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const npm = (cwd: string, ...args: string[]) => execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });

// Type-checked against the packed declarations only (kept out of the repository's own type check).
const CONSUMER_TS = `
import { createAgent, PolicyViolationError, type TAgent, type TValidator } from "@firebreak/sdk";
const validator: TValidator = (m) => ({ ok: typeof m.sender === "string" });
export const agent: TAgent = createAgent({ id: "agent-a", privateJwk: { kty: "OKP", crv: "Ed25519", x: "x", d: "d", kid: "k" }, controlPlaneUrl: "http://127.0.0.1:1" });
export const checks = [validator, (e: unknown) => e instanceof PolicyViolationError];
`;

/**
 * Builds and packs the SDK, and installs the tarball into an empty project. Its dependencies (and Node's types)
 * are packed from this repository's node_modules, so the install runs --offline.
 */
async function installPackedSdk(): Promise<string> {
  await buildSdk();
  const work = mkdtempSync(path.join(tmpdir(), "fb-sdk-pack-"));
  npm(path.join(ROOT, "sdk"), "pack", "--pack-destination", work);
  // A TypeScript project on Node has Node's types; the SDK's declarations use them (node:crypto keys).
  const deps = ["jose", "zod", "@types/node", "undici-types"].map((d) => path.join(ROOT, "node_modules", d));
  npm(work, "pack", ...deps, "--pack-destination", work);
  const project = path.join(work, "project");
  execFileSync("mkdir", [project]);
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const tarballs = readdirSync(work).filter((f) => f.endsWith(".tgz")).map((f) => path.join(work, f));
  npm(project, "install", "--offline", ...tarballs);
  copyFileSync(path.join(import.meta.dirname, "package", "consumer.mjs"), path.join(project, "consumer.mjs"));
  writeFileSync(path.join(project, "consumer.ts"), CONSUMER_TS);
  return project;
}

describe("the SDK as a package", () => {
  it("npm pack of the SDK installs into an empty project and signs, verifies and reports there, on its own", { timeout: 300_000 }, async () => {
    const project = await installPackedSdk();
    const installed = path.join(project, "node_modules/@firebreak/sdk");
    expect(JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"))).toMatchObject({ name: "@firebreak/sdk", type: "module" });
    // The domain rules are built in: the bundle imports only its declared dependencies and Node built-ins.
    const imports = [...readFileSync(path.join(installed, "dist/index.js"), "utf8").matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(new Set(imports.filter((s) => !s.startsWith("node:")))).toEqual(new Set(["jose", "zod"]));

    const cp = await StubControlPlane.create();
    const [a, b] = [await cp.addAgent("agent-a"), await cp.addAgent("agent-b")];
    const server = await serve((req) => cp.handle(req));
    try {
      const env = { ...process.env, FB_CONSUMER: JSON.stringify({ cp: server.url, a: a.privateJwk, b: b.privateJwk }) };
      // Asynchronously: the stub control plane answers from this process.
      const { stdout } = await promisify(execFile)(process.execPath, ["consumer.mjs"], { cwd: project, env, encoding: "utf8", timeout: 60_000 });
      expect(JSON.parse(stdout)).toEqual({ accepted: true, body: { price: 42 }, tampered: { accepted: false, reasons: ["bad_signature"] } });
      expect(cp.ofType("firebreak.message.validated")[0].data).toMatchObject({ sender: "agent-a", receiver: "agent-b", outcome: "accepted" });
    } finally {
      await server.close();
    }

    // The declarations type-check a consumer compiled the way Node runs it (nodenext), sources out of reach.
    const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
    const flags = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--lib", "es2023,dom"];
    const typeErrors = (() => {
      try {
        return execFileSync(process.execPath, [tsc, ...flags, "consumer.ts"], { cwd: project, encoding: "utf8" });
      } catch (err) {
        return String((err as { stdout?: string }).stdout || err);
      }
    })();
    expect(typeErrors).toBe("");
  });
});
