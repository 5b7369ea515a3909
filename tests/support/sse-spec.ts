/** The events a client parsing `text` by the WHATWG SSE rules dispatches (their data): CRLF, LF and CR each end a line. */
export function specEvents(text: string): string[] {
  const events: string[] = [];
  let data = "";
  for (const line of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (data !== "") events.push(data.slice(0, -1));
      data = "";
      continue;
    }
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data += `${value}\n`;
  }
  return events;
}
