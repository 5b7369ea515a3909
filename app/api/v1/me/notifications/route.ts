import { z } from "zod";
import { withRole } from "@/lib/server/auth/with-role.ts";
import { getNotifications, setNotifications } from "@/lib/server/users/set-notifications.ts";

export const dynamic = "force-dynamic";

const ZChange = z.object({ reviewsWaiting: z.boolean() }).strict();

// GET /api/v1/me/notifications — whether I get "reviews waiting" emails (people who decide reviews).
export const GET = withRole("review.decide", async (_request, { user }) => Response.json(await getNotifications({ user }), { headers: { "cache-control": "no-store" } }));

// POST /api/v1/me/notifications — opt in or out {reviewsWaiting} (people who decide reviews).
export const POST = withRole("review.decide", async (request, { user }) => {
  const { reviewsWaiting } = ZChange.parse(await request.json());
  return Response.json(await setNotifications({ user, reviewsWaiting }));
});
