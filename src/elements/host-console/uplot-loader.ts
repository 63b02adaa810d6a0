/// <reference types="vite/client" />
/**
 * uPlot and its stylesheet, loaded on first use (a dynamic `import()`, its
 * own chunk), so that the console's first paint does not wait for the
 * charting library: the rule-set tab has no chart. One load per page.
 */
import type uPlot from 'uplot';

/** The uPlot constructor and its stylesheet, ready to adopt into a shadow root. */
export interface UPlotModule {
  uPlot: typeof uPlot;
  sheet: CSSStyleSheet;
}

let loading: Promise<UPlotModule> | undefined;

/** Loads uPlot once; later calls get the same promise (a failed load is retried by the next call). */
export function loadUPlot(): Promise<UPlotModule> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css?inline')]).then(
    ([library, css]) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css.default);
      return { uPlot: library.default, sheet };
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
