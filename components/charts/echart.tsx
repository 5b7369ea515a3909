"use client";

import type { EChartsOption } from "echarts";
import { useEffect, useRef, type CSSProperties } from "react";

type Props = { option: EChartsOption; label: string; className?: string; style?: CSSProperties; testId?: string };

/**
 * One ECharts chart, loaded in the browser only: created once, given each new option whole (nothing of the
 * previous one kept), resized with its box and disposed on unmount. SVG, so it is crisp and the page's CSP holds.
 * `label` names the chart for screen readers; put the figures it shows in text beside it.
 */
export function EChart({ option, label, className, style, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: EChartsOption, notMerge: boolean) => void; resize: () => void; dispose: () => void } | null>(null);
  const latest = useRef(option);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import("echarts").then((echarts) => {
      if (disposed || !ref.current) return;
      const c = echarts.init(ref.current, undefined, { renderer: "svg" });
      c.setOption(latest.current, true);
      chart.current = c;
      observer = new ResizeObserver(() => c.resize());
      observer.observe(ref.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    latest.current = option; // for the first draw, when echarts arrives after the option
    chart.current?.setOption(option, true);
  }, [option]);

  return <div ref={ref} role="img" aria-label={label} className={className} style={style} data-testid={testId} />;
}
