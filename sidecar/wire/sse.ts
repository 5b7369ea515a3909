/**
 * One SSE event block as received: its lines (without their line endings; a block without data keeps only its
 * comment lines), its raw text (those lines joined by `eol`, without the blank line that ends the block), its
 * joined data and its signature field.
 */
export type TSseBlock = { raw: string; lines: string[]; data: string | undefined; firebreak: string | undefined; eol: string };

/** The field name that carries an event's signature (clients ignore fields they do not know). */
export const SIGNATURE_FIELD = "firebreak";

const LF = 10;
const CR = 13;

/**
 * Splits an SSE byte stream into event blocks as the bytes arrive, by the WHATWG rules every client follows
 * (docs/sidecar.md, "Streams"): a line ends at CRLF, LF or a bare CR, a block ends at an empty line. So the
 * sidecar signs and checks exactly the events a client will dispatch. Each character is examined once (the
 * work is linear in the stream however it is cut); a block larger than `maxBytes` is an error, so memory
 * stays bounded.
 */
export class SseSplitter {
  private readonly decoder = new TextDecoder();
  /** The line being read (its ending not seen yet). */
  private line = "";
  /** The complete lines of the block being read, and the ending of its first line. */
  private lines: string[] = [];
  private eol: string | undefined;
  /** UTF-8 bytes of the block being read, its current line included. */
  private bytes = 0;
  /** The last character read was a CR: an LF right after it belongs to it (CRLF is one line ending). */
  private afterCr = false;
  /** Characters examined so far: each once (counted as each decoded piece is searched). */
  scanned = 0;

  constructor(private readonly maxBytes: number) {}

  /** Feeds bytes; returns the blocks they complete. Throws when a block outgrows maxBytes. */
  push(chunk: Uint8Array): TSseBlock[] {
    const text = this.decoder.decode(chunk, { stream: true });
    this.scanned += text.length;
    const blocks: TSseBlock[] = [];
    let start = 0;
    if (this.afterCr && text.length > 0) {
      this.afterCr = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    const ends = /[\r\n]/g;
    ends.lastIndex = start;
    for (let m = ends.exec(text); m; m = ends.exec(text)) {
      const i = m.index;
      const piece = text.slice(start, i);
      const cr = text.charCodeAt(i) === CR;
      const crlf = cr && text.charCodeAt(i + 1) === LF;
      if (cr && i + 1 === text.length) this.afterCr = true;
      this.grow(piece, crlf ? 2 : 1);
      this.endLine(this.line + piece, crlf ? "\r\n" : "\n", blocks);
      this.line = "";
      start = crlf ? i + 2 : i + 1;
      ends.lastIndex = start;
    }
    const tail = text.slice(start);
    this.grow(tail, 0);
    this.line += tail;
    return blocks;
  }

  /** What is left when the stream ends (an event not closed by an empty line), as a block, or undefined. */
  end(): TSseBlock | undefined {
    const last = this.line + this.decoder.decode();
    const lines = last ? [...this.lines, last] : this.lines;
    const eol = this.eol ?? "\n";
    this.reset();
    return lines.length ? blockOf(lines, eol) : undefined;
  }

  private grow(piece: string, eolBytes: number): void {
    this.bytes += Buffer.byteLength(piece) + eolBytes;
    if (this.bytes > this.maxBytes) throw new RangeError(`an SSE event is over ${this.maxBytes} bytes`);
  }

  private endLine(line: string, eol: string, blocks: TSseBlock[]): void {
    if (line !== "") {
      this.lines.push(line);
      this.eol ??= eol;
      return;
    }
    // An empty line ends the block (one with no lines at all is nothing to a client, and is dropped).
    if (this.lines.length) blocks.push(blockOf(this.lines, this.eol ?? "\n"));
    this.reset();
  }

  private reset(): void {
    this.lines = [];
    this.eol = undefined;
    this.bytes = 0;
    this.line = "";
  }
}

/**
 * A block from its lines: the data lines joined by "\n" (as EventSource does) and the signature field. A block
 * without data keeps only its comment lines (a keep-alive): its other fields (event, id, retry) would make
 * some clients dispatch an event nobody signed. Lines are joined by CRLF when the block's first line ended so,
 * else by LF (a bare CR becomes LF): no line holds a line ending, so a client reads the same lines.
 */
function blockOf(lines: string[], firstEol: string): TSseBlock {
  let data: string | undefined;
  let firebreak: string | undefined;
  for (const line of lines) {
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data = data === undefined ? value : `${data}\n${value}`;
    else if (field === SIGNATURE_FIELD) firebreak = value;
  }
  const kept = data === undefined ? lines.filter((l) => l.startsWith(":")) : lines;
  const eol = firstEol === "\r\n" ? "\r\n" : "\n";
  return { raw: kept.join(eol), lines: kept, data, firebreak, eol };
}

/** Parses one block's text (its lines, without the empty line that ends it) as SseSplitter does. */
export function parseBlock(raw: string, eol = "\n"): TSseBlock {
  return blockOf(raw.split(/\r\n|\r|\n/), eol);
}

const isSignatureLine = (l: string) => l === SIGNATURE_FIELD || l.startsWith(`${SIGNATURE_FIELD}:`);

/**
 * What an event's signature covers: every line of the block but its signature field (data, event, id, retry,
 * comments and any other field, in order), joined by LF. So a field changed, added, removed or moved between
 * the two sidecars fails the digest, and the event is refused (docs/sidecar.md, "Streams"). The line ending is
 * not covered: CRLF and LF end a line alike for every client.
 */
export function signedText(block: TSseBlock): string {
  return block.lines.filter((l) => !isSignatureLine(l)).join("\n");
}

/** The block with its signature field line added (any it had dropped), ready to write with its blank line. */
export function withSignature(block: TSseBlock, jws: string): string {
  const lines = block.lines.filter((l) => !isSignatureLine(l));
  return `${[...lines, `${SIGNATURE_FIELD}: ${jws}`].join(block.eol)}${block.eol}${block.eol}`;
}

/** The block with its signature field lines removed (the rest as received), ready to write with its blank line. */
export function withoutSignature(block: TSseBlock): string {
  const lines = block.lines.filter((l) => !isSignatureLine(l));
  return `${lines.join(block.eol)}${block.eol}${block.eol}`;
}

/** An SSE event carrying one JSON value as data. */
export function dataEvent(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}
