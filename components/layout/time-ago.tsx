/** A timestamp shown as ISO text with the full value in a tooltip (rendered on the server, stable). */
export function Timestamp({ value }: { value: Date | string }) {
  const d = typeof value === "string" ? new Date(value) : value;
  const iso = d.toISOString();
  return (
    <time dateTime={iso} title={iso}>
      {iso.replace("T", " ").slice(0, 19)}
    </time>
  );
}
