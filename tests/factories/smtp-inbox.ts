import { SMTPServer } from "smtp-server";

export type Mail = { from: string; to: string[]; raw: string; subject: string; text: string; html: string };

/** Decodes a MIME part body (quoted-printable or base64) to text. */
function decodePart(part: string): string {
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, "latin1").toString("utf8");
  }
  return body;
}

/** Decodes RFC 2047 encoded words (Q or B, UTF-8), joining adjacent ones as the RFC says. */
function decodeHeader(value: string): string {
  const bytes = value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?utf-8\?([QB])\?(.*?)\?=/gi, (_, enc: string, text: string) => enc.toUpperCase() === "B"
      ? Buffer.from(text, "base64").toString("latin1")
      : text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m: string, h: string) => String.fromCharCode(parseInt(h, 16))));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

function partOf(raw: string, type: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`) : [raw];
  const part = parts.find((p) => new RegExp(`content-type:\\s*${type}`, "i").test(p));
  return part ? decodePart(part.replace(/^\r?\n/, "")) : "";
}

/** A real SMTP server on loopback keeping every message it accepts (no TLS, no auth: a test inbox). */
export async function startSmtpInbox() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (c) => (raw += c));
      stream.on("end", () => {
        const subjectLine = (/^subject:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1] ?? "").replace(/\r?\n[ \t]/g, " ");
        const subject = decodeHeader(subjectLine);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address), raw, subject, text: partOf(raw, "text/plain"), html: partOf(raw, "text/html"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
