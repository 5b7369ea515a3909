// The layers of docs/architecture.md#layers-and-idioms, kept by lint: each entry names the files of a layer
// and what they may not import. One `no-restricted-imports` setting per file (a later block would replace an
// earlier one), so every layer's list also carries the rules shared by all.

const fromApp = {
  regex: "^(@/|(\\.\\.?/)+)app/",
  message: "Nothing imports from app/ (routes compose; they are not a library): move what is shared to lib/ or components/.",
};
const serverValues = {
  regex: "(^|/)lib/server(/|$)|^\\.\\./server(/|$)",
  allowTypeImports: true,
  message: "Only server code imports lib/server values (it reaches the database and keys); share types through lib/domain/views.ts.",
};
const domainIo = {
  regex: "^(?!\\./|(zod|jose|yaml)$)",
  message: "lib/domain is pure: no I/O, no other layer; it imports its own modules (./x.ts), zod, jose and yaml.",
};
const sdkFrameworks = {
  regex: "^(next|react|react-dom|@prisma/client|@tanstack/react-query)(/|$)",
  message: "The SDK and the sidecar run in any Node process: nothing from Next, React or Prisma.",
};

/** The restrictions of each layer, by file glob. */
export const LAYERS = [
  { name: "everything", files: ["**/*.{ts,tsx,js,mjs}"], patterns: [fromApp] },
  { name: "app", files: ["app/**"], patterns: [] },
  { name: "components and lib/client", files: ["components/**", "lib/client/**"], patterns: [fromApp, serverValues] },
  { name: "sdk and sidecar", files: ["sdk/**", "sidecar/**"], patterns: [fromApp, serverValues, sdkFrameworks] },
  { name: "lib/domain", files: ["lib/domain/**"], patterns: [domainIo] },
];

/** Flat-config blocks enforcing LAYERS. */
export const layerRules = LAYERS.map(({ files, patterns }) => ({
  files,
  rules: { "no-restricted-imports": patterns.length ? ["error", { patterns }] : "off" },
}));
