/** One SSE event block as received: its raw text (without the blank line that ends it) and its joined data. */
export type TSseBlock = { raw: string; data: string | undefined; firebreak: string | undefined; eol: string };

/** The field name that carries an event's signature (clients ignore fields they do not know). */
export const SIGNATURE_FIELD = "firebreak";

/**
 * Splits an SSE byte stream into event blocks as the bytes arrive. Blocks end with a blank line (LF or CRLF
 * line endings); a block larger than `maxBytes` is an error, so memory stays bounded.
 */
export class SseSplitter {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly maxBytes: number) {}

  /** Feeds bytes; returns the blocks they complete. Throws when a block outgrows maxBytes. */
  push(chunk: Uint8Array): TSseBlock[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const blocks: TSseBlock[] = [];
    for (;;) {
      const m = /\r?\n\r?\n/.exec(this.buffer);
      if (!m) break;
      const raw = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      blocks.push(parseBlock(raw, m[0].startsWith("\r") ? "\r\n" : "\n"));
    }
    if (Buffer.byteLength(this.buffer) > this.maxBytes) throw new RangeError(`an SSE event is over ${this.maxBytes} bytes`);
    return blocks;
  }

  /** What is left when the stream ends (an event not closed by a blank line), as a block, or undefined. */
  end(): TSseBlock | undefined {
    const rest = this.buffer + this.decoder.decode();
    this.buffer = "";
    return rest.trim() ? parseBlock(rest.replace(/\r?\n$/, ""), "\n") : undefined;
  }
}

/** Parses one block's fields: the data lines joined by "\n" (as EventSource does), and the signature field. */
export function parseBlock(raw: string, eol = "\n"): TSseBlock {
  let data: string | undefined;
  let firebreak: string | undefined;
  for (const line of raw.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data = data === undefined ? value : `${data}\n${value}`;
    else if (field === SIGNATURE_FIELD) firebreak = value;
  }
  return { raw, data, firebreak, eol };
}

/** The block with its signature field line added (the rest byte-identical), ready to write with its blank line. */
export function withSignature(block: TSseBlock, jws: string): string {
  return `${block.raw}${block.eol}${SIGNATURE_FIELD}: ${jws}${block.eol}${block.eol}`;
}

/** The block with its signature field lines removed (the rest byte-identical), ready to write with its blank line. */
export function withoutSignature(block: TSseBlock): string {
  const lines = block.raw.split(block.eol).filter((l) => !(l === SIGNATURE_FIELD || l.startsWith(`${SIGNATURE_FIELD}:`)));
  return `${lines.join(block.eol)}${block.eol}${block.eol}`;
}

/** An SSE event carrying one JSON value as data. */
export function dataEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}
