import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { LiveProvider } from "@/components/live/live-provider";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";

/** The dashboard shell: brand, navigation, the signed-in user; every page below needs a session. */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePageUser();
  return (
    <AppShell user={user}>
      <LiveProvider>{children}</LiveProvider>
    </AppShell>
  );
}
