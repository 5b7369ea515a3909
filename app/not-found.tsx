import { AppShell } from "@/components/layout/app-shell";
import { NotFoundMessage } from "@/components/layout/not-found-message";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";

export const dynamic = "force-dynamic";

/** An address no route matches: the missing page inside the app's frame (the dashboard layout is not around it). */
export default async function NotFound() {
  const { user } = await requirePageUser();
  return (
    <AppShell user={user}>
      <NotFoundMessage />
    </AppShell>
  );
}
