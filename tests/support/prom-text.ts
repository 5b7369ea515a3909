export type PromSample = { name: string; labels: Record<string, string>; value: number };
export type PromFamily = { name: string; type: string; help: string; samples: PromSample[] };

/**
 * A small, strict parser of the Prometheus text exposition format (0.0.4): HELP/TYPE lines, samples with
 * quoted, escaped label values. Throws on any line it does not understand, so a malformed scrape fails a test.
 */
export function parsePromText(text: string): Map<string, PromFamily> {
  const families = new Map<string, PromFamily>();
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: "untyped", help: "", samples: [] }));
    return f;
  };
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) ?(.*)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE" && !["counter", "gauge", "histogram", "summary", "untyped"].includes(meta[3])) throw new Error(`line ${i + 1}: unknown type ${meta[3]}`);
      family(meta[2])[meta[1] === "HELP" ? "help" : "type"] = meta[3];
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( \d+)?$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not a sample: ${line}`);
    // Values are Go floats: NaN and ±Inf in any case (prom-client writes "Nan" for a gauge not yet measured).
    const raw = m[4].toLowerCase();
    const value = raw === "nan" ? NaN : /^[+]?inf$/.test(raw) ? Infinity : raw === "-inf" ? -Infinity : Number(m[4]);
    if (Number.isNaN(value) && raw !== "nan") throw new Error(`line ${i + 1}: bad value ${m[4]}`);
    const labels: Record<string, string> = {};
    const body = m[3] ?? "";
    const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
    for (let at = 0; at < body.length; ) {
      re.lastIndex = at;
      const l = re.exec(body);
      if (!l) throw new Error(`line ${i + 1}: bad labels ${body}`);
      labels[l[1]] = l[2].replace(/\\(.)/g, (_, c) => (c === "n" ? "\n" : c));
      at = re.lastIndex;
    }
    const base = m[1].replace(/_(bucket|sum|count|total)$/, "");
    const owner = families.get(m[1]) ?? families.get(base) ?? family(m[1]);
    owner.samples.push({ name: m[1], labels, value });
  }
  return families;
}
