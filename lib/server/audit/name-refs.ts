import "server-only";
import { parseRef, refHref } from "../../domain/audit-ref.ts";
import { getDb } from "../db/client.ts";

/** How the audit list shows an actor or subject: a readable label and, when it has a page, a link. */
export type RefName = { label: string; href: string | null };

/**
 * Readable names for audit actors and subjects, looked up in one query per kind: people by name and email,
 * boundaries as `sender → receiver`, reviews by their boundary and epoch, incidents by type. Anything unknown
 * (a deleted row, an agent) keeps its id as the label.
 */
export async function nameRefs(texts: string[]): Promise<Map<string, RefName>> {
  const db = getDb();
  const refs = [...new Set(texts)].map((text) => ({ text, ...parseRef(text) }));
  const ids = (kind: string) => [...new Set(refs.filter((r) => r.kind === kind).map((r) => r.id))];
  const [byEmail, byId, boundaries, reviews, incidents] = await Promise.all([
    db.user.findMany({ where: { email: { in: ids("user").filter((i) => i.includes("@")) } }, select: { id: true, email: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, email: true, name: true } }),
    db.boundary.findMany({ where: { id: { in: ids("boundary") } }, select: { id: true, sender: true, receiver: true } }),
    db.review.findMany({ where: { id: { in: ids("review") } }, select: { id: true, boundaryId: true, epoch: true } }),
    db.incident.findMany({ where: { id: { in: ids("incident") } }, select: { id: true, type: true } }),
  ]);
  const people = new Map([...byEmail.map((u) => [u.email, u] as const), ...byId.map((u) => [u.id, u] as const)]);
  const reviewBoundaries = await db.boundary.findMany({
    where: { id: { in: reviews.map((r) => r.boundaryId) } },
    select: { id: true, sender: true, receiver: true },
  });
  const boundaryName = new Map([...boundaries, ...reviewBoundaries].map((b) => [b.id, `${b.sender} → ${b.receiver}`]));
  const reviewById = new Map(reviews.map((r) => [r.id, r]));
  const incidentType = new Map(incidents.map((i) => [i.id, i.type]));
  const names = new Map<string, RefName>();
  for (const ref of refs) {
    const href = refHref(ref);
    let label = ref.kind === "system" ? ref.id : `${ref.kind} ${ref.id}`;
    if (ref.kind === "user") {
      const u = people.get(ref.id);
      label = u ? `${u.name} (${u.email})` : ref.id;
    } else if (ref.kind === "boundary") label = boundaryName.get(ref.id) ?? label;
    else if (ref.kind === "review" && reviewById.has(ref.id)) {
      const r = reviewById.get(ref.id)!;
      label = `review of ${boundaryName.get(r.boundaryId) ?? r.boundaryId}, epoch ${r.epoch}`;
    } else if (ref.kind === "incident" && incidentType.has(ref.id)) label = `${incidentType.get(ref.id)!.replaceAll("_", " ")} incident`;
    else if (ref.kind === "agent") label = `agent ${ref.id}`;
    else if (ref.kind === "node") label = ref.id;
    else if (ref.kind === "policy") label = `policy version ${ref.id}`;
    names.set(ref.text, { label, href });
  }
  return names;
}
