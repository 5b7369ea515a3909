import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { idiomRules, layerRules } from "./eslint-layers.js";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", "node_modules/**", "lib/server/generated/**", "data/**", "next-env.d.ts", "sdk/dist/**", "sidecar/dist/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // What each layer may import, and one way each (docs/architecture.md#layers-and-idioms).
  ...layerRules,
  ...idiomRules,
  {
    // Tests poke at untyped input on purpose (malformed policies, tampered payloads).
    files: ["tests/**/*.ts", "sdk/**/*.test.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-unused-expressions": "off" },
  },
];

export default config;
