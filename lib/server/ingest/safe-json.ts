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

// keys: the member names seen so far (an array while few: most objects hold a handful), null for an array.
type Frame = { keys: string[] | Set<string> | null; expectKey: boolean };
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
      i = stringEnd(text, start);
      if (top?.keys && top.expectKey) {
        top.expectKey = false;
        const key = keyText(text, start, i);
        if (key === "__proto__") out.proto = true;
        else if (hasKey(top, key)) out.duplicate ??= key;
      }
    } else if (c === 123 || c === 91) {
      stack.push({ keys: c === 123 ? [] : null, expectKey: c === 123 });
      out.depth = Math.max(out.depth, stack.length);
      if (stack.length > maxDepth) return out;
    } else if (c === 125 || c === 93) stack.pop();
    else if (c === 44 && top?.keys) top.expectKey = true;
  }
  return out;
}

// The index of the quote closing the string opened at `start` (text.length when there is none).
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
  return end === -1 ? text.length : end;
}

// An odd run of backslashes before a quote escapes it.
function isEscaped(text: string, quote: number): boolean {
  let n = 0;
  while (text.charCodeAt(quote - 1 - n) === 92) n++;
  return n % 2 === 1;
}

function keyText(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // the text is not JSON: JSON.parse refuses it anyway
  }
}

// Adds the key to the frame; true when it was already there. A Set once an object grows past a handful.
function hasKey(frame: Frame, key: string): boolean {
  const keys = frame.keys!;
  if (keys instanceof Set) return keys.size === keys.add(key).size;
  if (keys.includes(key)) return true;
  keys.push(key);
  if (keys.length > 16) frame.keys = new Set(keys);
  return false;
}
