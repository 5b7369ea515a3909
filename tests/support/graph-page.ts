import type { Page } from "playwright-core";
import type { GraphProbe } from "../../components/graph/test-hook.ts";

/** Opts the tab into the graph's read-only probe (window.__firebreakGraph) before any page script runs. */
export async function enableGraphProbe(page: Page): Promise<void> {
  await page.addInitScript(() => window.localStorage.setItem("firebreak:test-hooks", "1"));
}

/** Opens the graph page and waits until the graph is drawn. */
export async function openGraph(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('[data-testid="graph-canvas"][data-ready="true"]').waitFor({ timeout: 30_000 });
}

type ProbeCall<K extends keyof GraphProbe> = Awaited<ReturnType<GraphProbe[K]>>;

/** Reads one thing from the drawn graph through the probe. */
export function probe<K extends keyof GraphProbe>(page: Page, what: K, ...args: Parameters<GraphProbe[K]>): Promise<ProbeCall<K>> {
  return page.evaluate(
    ([w, a]) => (window.__firebreakGraph![w] as (...x: unknown[]) => unknown)(...a),
    [what, args] as [K, unknown[]],
  ) as Promise<ProbeCall<K>>;
}

/** Clicks an element of the graph where it is drawn. */
export async function clickElement(page: Page, id: string): Promise<void> {
  const at = await probe(page, "at", id);
  const box = await page.getByTestId("graph-canvas").boundingBox();
  if (!at || !box) throw new Error(`element ${id} is not drawn`);
  await page.mouse.click(box.x + at.x, box.y + at.y);
}
