import type { Page } from "playwright-core";
import type { GraphProbe } from "../../components/graph/test-hook.ts";

/** Opts the tab into the graph's read-only probe (window.__firebreakGraph) before any page script runs. */
export async function enableGraphProbe(page: Page): Promise<void> {
  await page.addInitScript(`window.localStorage.setItem("firebreak:test-hooks", "1")`);
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

/** Clicks an element of the graph (or of the canvas with that test id, e.g. the lineage graph's) where it is drawn. */
export async function clickElement(page: Page, id: string, canvas = "graph-canvas"): Promise<void> {
  const at = await probe(page, "at", id);
  const box = await page.getByTestId(canvas).boundingBox();
  if (!at || !box) throw new Error(`element ${id} is not drawn`);
  await page.mouse.click(box.x + at.x, box.y + at.y);
}

// Plain JavaScript on purpose: tsx would wrap a TypeScript function's names in helpers the page does not have.
const FAKE_EVENT_SOURCE = `
  const sources = [];
  class FakeSource {
    constructor(url) {
      this.url = url; this.readyState = 0; this.onopen = null; this.onerror = null; this.listeners = new Map();
      sources.push(this);
      setTimeout(() => { this.readyState = 1; if (this.onopen) this.onopen(); }, 0);
    }
    addEventListener(name, fn) { this.listeners.set(name, [...(this.listeners.get(name) || []), fn]); }
    close() { this.readyState = 2; }
  }
  FakeSource.CONNECTING = 0; FakeSource.OPEN = 1; FakeSource.CLOSED = 2;
  window.EventSource = FakeSource;
  window.__emit = (name, data) => {
    for (const s of sources) if (s.readyState === 1) for (const fn of s.listeners.get(name) || []) fn(new MessageEvent(name, { data: JSON.stringify(data) }));
  };
`;

/**
 * Replaces the page's EventSource with one the test drives (the real stream is another branch's work):
 * it opens at once, and `emitStreamEvent` delivers an event to every open source.
 */
export async function fakeEventSource(page: Page): Promise<void> {
  await page.addInitScript(FAKE_EVENT_SOURCE);
}

/** Delivers one stream event to the page's fake EventSource. */
export async function emitStreamEvent(page: Page, name: string, data: unknown): Promise<void> {
  await page.evaluate(`window.__emit(${JSON.stringify(name)}, ${JSON.stringify(data)})`);
}
