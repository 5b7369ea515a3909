export type SafeJson = { ok: true; value: unknown } | { ok: false; detail: string };

/** Parses untrusted JSON, refusing nesting deeper than maxDepth and `__proto__` keys anywhere. */
export function parseSafeJson(text: string, maxDepth = 32): SafeJson {
  const depth = nestingDepth(text);
  if (depth > maxDepth) return { ok: false, detail: `JSON nested ${depth} deep; at most ${maxDepth} levels are accepted` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: "the payload is not valid JSON" };
  }
  // The slow reviver pass only when the text could hold the key (it may be written with escapes).
  if ((text.includes("__proto__") || text.includes("\\u")) && hasProtoKey(text)) {
    return { ok: false, detail: "the key __proto__ is not allowed" };
  }
  return { ok: true, value };
}

// A linear scan outside strings: cheap, and it runs before the parser can be made to recurse.
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

function hasProtoKey(text: string): boolean {
  let found = false;
  JSON.parse(text, (key, v) => {
    if (key === "__proto__") found = true;
    return v;
  });
  return found;
}
