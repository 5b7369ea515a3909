import { NotFoundMessage } from "@/components/layout/not-found-message";

/** A dashboard page that found nothing (an unknown boundary, event…): the message inside the dashboard's frame. */
export default function NotFound() {
  return <NotFoundMessage />;
}
