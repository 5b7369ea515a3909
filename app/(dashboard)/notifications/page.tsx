import { Forbidden } from "@/components/layout/forbidden";
import { EmailOptIn } from "@/components/webhooks/email-opt-in";
import { requirePageUser } from "@/lib/server/auth/page-user.ts";
import { mailSettings } from "@/lib/server/email/mail-waiting-reviews.ts";
import { getNotifications } from "@/lib/server/users/set-notifications.ts";

export const dynamic = "force-dynamic";

/** A reviewer's own notifications: "reviews waiting" emails on or off. */
export default async function NotificationsPage() {
  const { user, allowed } = await requirePageUser("review.decide");
  if (!allowed) return <Forbidden role={user.role} what="get review notifications" />;
  const { reviewsWaiting } = await getNotifications({ user });
  return (
    <section>
      <h1>Notifications</h1>
      <EmailOptIn initial={reviewsWaiting} mailConfigured={mailSettings().url !== null} />
    </section>
  );
}
