/**
 * Where to go after sign-in: a path on this site, or "/". The candidate is resolved against the site's
 * origin exactly as a browser would, and the check runs on the final string returned (re-resolved), so
 * dot segments or escapes ("/.//evil.example", "/%2e//evil.example") cannot turn it into another host.
 */
export function safeCallbackPath(candidate: string | null | undefined, origin: string): string {
  if (!candidate) return "/";
  let path: string;
  try {
    const u = new URL(candidate, origin);
    if (u.origin !== origin) return "/";
    path = u.pathname + u.search + u.hash;
  } catch {
    return "/";
  }
  // A path that starts with two slashes (or a backslash after one) is read as a host by browsers.
  if (!path.startsWith("/") || /^\/[/\\]/.test(path)) return "/";
  try {
    return new URL(path, origin).origin === origin ? path : "/";
  } catch {
    return "/";
  }
}
