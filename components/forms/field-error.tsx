/** The message for one form field, if the server sent one. */
export function FieldError({ error, field }: { error: { fields: Record<string, string> } | null; field: string }) {
  const message = error?.fields[field];
  return message ? <span className="field-error">{message}</span> : null;
}
