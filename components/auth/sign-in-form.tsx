"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { safeCallbackPath } from "@/lib/domain/safe-callback.ts";

/** Email-and-password sign-in, plus the single sign-on button when OIDC is configured. */
export function SignInForm({ oidcName }: { oidcName: string | null }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(params?.get("error") ? "Sign-in failed." : null);
  const [busy, setBusy] = useState(false);
  // Only paths on this site (see lib/domain/safe-callback.ts): never send someone off-site after sign-in.
  const target = () => safeCallbackPath(params?.get("callbackUrl"), window.location.origin);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setBusy(false);
    if (res?.ok && !res.error) {
      router.replace(target());
      router.refresh();
    } else setError("Wrong email or password, or too many attempts. Try again in a few minutes.");
  }

  return (
    <form className="signin-form" onSubmit={onSubmit}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && <p role="alert" className="form-error">{error}</p>}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {oidcName && (
        <button type="button" className="btn" onClick={() => signIn("oidc", { callbackUrl: target() })}>
          Sign in with {oidcName}
        </button>
      )}
    </form>
  );
}
