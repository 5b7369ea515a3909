// The layers and idioms of docs/architecture.md#layers-and-idioms, kept by lint. Layers: each entry names the files of a layer
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

const oneMutation = {
  name: "@tanstack/react-query",
  importNames: ["useMutation"],
  message: "Change things through usePost({ invalidates }) (components/forms/use-post.ts): one mutation idiom.",
};

/** The restrictions of each layer, by file glob. */
export const LAYERS = [
  { name: "everything", files: ["**/*.{ts,tsx,js,mjs}"], patterns: [fromApp] },
  { name: "app", files: ["app/**"], patterns: [] },
  { name: "components and lib/client", files: ["components/**", "lib/client/**"], patterns: [fromApp, serverValues], paths: [oneMutation] },
  { name: "the mutation idiom itself", files: ["components/forms/use-post.ts"], patterns: [fromApp, serverValues] },
  { name: "sdk and sidecar", files: ["sdk/**", "sidecar/**"], patterns: [fromApp, serverValues, sdkFrameworks] },
  { name: "lib/domain", files: ["lib/domain/**"], patterns: [domainIo] },
];

/** Flat-config blocks enforcing LAYERS. */
export const layerRules = LAYERS.map(({ files, patterns, paths = [] }) => ({
  files,
  rules: { "no-restricted-imports": patterns.length ? ["error", { patterns, paths }] : "off" },
}));

// Idioms: one way each. A selector per idiom; each file set lists every idiom that applies to it, for the same
// reason as above (one `no-restricted-syntax` setting per file).
const oneTransaction = {
  selector: "MemberExpression[property.name='$transaction']",
  message: "Write through transaction() from lib/server/db/transaction.ts, whose doc comment says which path to take.",
};
const oneTimestamp = {
  selector:
    "CallExpression[callee.property.name=/^(toLocaleDateString|toLocaleTimeString|toUTCString)$/], NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']",
  message: "Show times through <Timestamp> (components/layout/time-ago.tsx): the viewer's zone, named, with the exact instant.",
};

/** Flat-config blocks enforcing the idioms. */
export const idiomRules = [
  { files: ["lib/**", "scripts/**"], ignores: ["lib/server/db/transaction.ts"], rules: { "no-restricted-syntax": ["error", oneTransaction] } },
  { files: ["components/**", "app/**"], ignores: ["components/layout/**"], rules: { "no-restricted-syntax": ["error", oneTransaction, oneTimestamp] } },
];
