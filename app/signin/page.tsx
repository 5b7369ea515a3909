import { Suspense } from "react";
import { SignInForm } from "@/components/auth/sign-in-form";
import { oidcProvider } from "@/lib/server/auth/oidc.ts";

export const dynamic = "force-dynamic";

/** The sign-in page, in the app's own look. */
export default function SignInPage() {
  const oidc = oidcProvider();
  return (
    <main className="signin">
      <div className="signin-card">
        <h1>
          <span aria-hidden="true" className="brand-mark">▦</span> Firebreak
        </h1>
        <p className="muted">Sign in to review tripped boundaries and explore the agent graph.</p>
        <Suspense>
          <SignInForm oidcName={oidc ? oidc.name : null} />
        </Suspense>
      </div>
    </main>
  );
}
