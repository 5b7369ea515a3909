export type SafeJson = { ok: true; value: unknown } | { ok: false; detail: string };

/**
 * Parses untrusted JSON, refusing nesting deeper than maxDepth, a member named twice in one object (other
 * readers may keep the other copy of the same signed bytes), and `__proto__` keys anywhere.
 */
export function parseSafeJson(text: string, maxDepth = 32): SafeJson {
  const scan = scanJson(text, maxDepth);
  if (scan.depth > maxDepth) return { ok: false, detail: `JSON nested ${scan.depth} deep; at most ${maxDepth} levels are accepted` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, detail: "the payload is not valid JSON" };
  }
  if (scan.proto) return { ok: false, detail: "the key __proto__ is not allowed" };
  if (scan.duplicate !== null) {
    return { ok: false, detail: `the member ${JSON.stringify(scan.duplicate)} appears more than once in one object; each name may appear once` };
  }
  return { ok: true, value };
}

type Frame = { keys: Set<string> | null; expectKey: boolean };
type Scan = { depth: number; duplicate: string | null; proto: boolean };

// One linear pass outside the parser (it cannot be made to recurse): nesting depth, and the member names of
// each object. Its findings count only once JSON.parse has accepted the text.
function scanJson(text: string, maxDepth: number): Scan {
  const stack: Frame[] = [];
  const out: Scan = { depth: 0, duplicate: null, proto: false };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) {
        if (text.charCodeAt(i) !== 92) continue;
        escaped = true;
        i++; // backslash: skip the escaped character
      }
      if (top?.keys && top.expectKey) {
        top.expectKey = false;
        const key = keyText(text.slice(start, i + 1), escaped);
        if (key === "__proto__") out.proto = true;
        else if (top.keys.has(key)) out.duplicate ??= key;
        top.keys.add(key);
      }
    } else if (c === 123 || c === 91) {
      stack.push({ keys: c === 123 ? new Set() : null, expectKey: c === 123 });
      out.depth = Math.max(out.depth, stack.length);
      if (stack.length > maxDepth) return out;
    } else if (c === 125 || c === 93) stack.pop();
    else if (c === 44 && top?.keys) top.expectKey = true;
  }
  return out;
}

function keyText(quoted: string, escaped: boolean): string {
  if (!escaped) return quoted.slice(1, -1);
  try {
    return JSON.parse(quoted) as string;
  } catch {
    return quoted; // the text is not JSON: JSON.parse refuses it anyway
  }
}
