/**
 * `<peermatch-console-chart>`: one uPlot line chart inside this element's
 * shadow root (uPlot's stylesheet is adopted there), sized to the element's
 * width. Set `data` (aligned: x values then one array per series), `series`
 * (labels), `xAxis` (`time`: Unix seconds; `minutes`: simulated minutes) and the
 * style (`bars`, `scatter`, else lines). uPlot is loaded on first draw
 * (uplot-loader.ts); until then the frame shows its caption and a loading
 * line. Renders a `<canvas>`; the `chart` part is its frame.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type uPlot from 'uplot';
import type { ChartData } from './chart-data.ts';
import { consoleBaseStyles } from './console-styles.ts';
import { loadUPlot, type UPlotModule } from './uplot-loader.ts';

/** How one series is drawn. */
export interface SeriesStyle {
  colour: number;
  dash?: number[];
}

/** How the x values read. */
export type ChartXAxis = 'time' | 'minutes';

/** Series colours in order; override with `--peermatch-console-series-1` … `-6`. */
const SERIES_COLOURS = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

/** See the file comment. */
export class PeermatchConsoleChart extends LitElement {
  static override properties = {
    data: { attribute: false },
    series: { attribute: false },
    xAxis: { attribute: 'x-axis' },
    label: { type: String },
    yLabel: { attribute: 'y-label' },
    bars: { type: Boolean },
    scatter: { type: Boolean },
    styles: { attribute: false },
    loadingText: { attribute: 'loading-text' },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      :host {
        min-width: 0;
      }
      figure {
        margin: 0;
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 6px;
      }
      figcaption {
        font-weight: 600;
        margin-bottom: 4px;
      }
      .empty {
        height: 40px;
      }
    `,
  ];

  declare data: ChartData;
  declare series: string[];
  declare xAxis: ChartXAxis;
  declare label: string;
  declare yLabel: string;
  declare bars: boolean;
  /** Points only, no line between them (samples, not a series over time). */
  declare scatter: boolean;
  /** Per series: which colour (index into the palette) and an optional dash pattern; default colour i, solid. */
  declare styles: SeriesStyle[];
  /** Shown until uPlot has loaded (replaceable words). */
  declare loadingText: string;
  private plot: uPlot | undefined;
  private library: UPlotModule | undefined;
  private loadError: string | undefined;
  private resizeObserver: ResizeObserver | undefined;

  constructor() {
    super();
    this.data = [[]];
    this.series = [];
    this.xAxis = 'time';
    this.label = '';
    this.yLabel = '';
    this.bars = false;
    this.scatter = false;
    this.styles = [];
    this.loadingText = 'Loading the chart…';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.plot?.setSize(this.size()));
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }

  protected override firstUpdated(): void {
    loadUPlot().then(
      (library) => {
        const root = this.renderRoot as ShadowRoot;
        root.adoptedStyleSheets = [...root.adoptedStyleSheets, library.sheet];
        this.library = library;
        this.requestUpdate();
      },
      (error: unknown) => {
        this.loadError = `The chart could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
        this.requestUpdate();
      },
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.plot');
    const uPlot = this.library?.uPlot;
    if (!target || !uPlot) return;
    const shapeChanged = changed.has('series') || changed.has('xAxis') || changed.has('bars') || changed.has('scatter') || changed.has('styles') || !this.plot;
    if (shapeChanged) {
      this.plot?.destroy();
      this.plot = new uPlot(this.options(uPlot), this.data as uPlot.AlignedData, target);
    } else if (changed.has('data')) {
      this.plot!.setData(this.data as uPlot.AlignedData);
    }
    // Set the time axis explicitly: uPlot's automatic range for a time scale
    // can stretch a few samples taken within seconds over years.
    const range = this.xAxis === 'time' ? timeRange(this.data[0]) : undefined;
    if (range) this.plot!.setScale('x', range);
  }

  private size(): { width: number; height: number } {
    return { width: Math.max(200, this.clientWidth - 16), height: 180 };
  }

  private options(uPlot: UPlotModule['uPlot']): uPlot.Options {
    const styles = getComputedStyle(this);
    const colour = (index: number) =>
      styles.getPropertyValue(`--peermatch-console-series-${index + 1}`).trim() || SERIES_COLOURS[index % SERIES_COLOURS.length]!;
    const minutes = this.xAxis === 'minutes';
    return {
      ...this.size(),
      scales: {
        x: minutes ? { time: false } : { time: true },
      },
      axes: [{ label: minutes ? 'simulated minutes' : '' }, { label: this.yLabel, size: 50 }],
      series: [
        { label: minutes ? 'minute' : 'time' },
        ...this.series.map((label, index) => ({
          label,
          stroke: colour(this.styles[index]?.colour ?? index),
          ...(this.styles[index]?.dash ? { dash: this.styles[index].dash } : {}),
          width: 2,
          spanGaps: false,
          ...(this.bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }), fill: colour(index), points: { show: false } } : {}),
          ...(this.scatter ? { paths: () => null, points: { show: true, size: 6, fill: colour(index) } } : {}),
          ...(!this.bars && !this.scatter && this.data[0].length < 60 ? { points: { show: true, size: 5 } } : {}),
        })),
      ],
      legend: { show: true },
    };
  }

  protected override render() {
    return html`<figure part="chart" role="img" aria-label=${this.label}>
      <figcaption>${this.label}</figcaption>
      ${this.library
        ? nothing
        : html`<p class=${this.loadError ? 'error' : 'muted'} role=${this.loadError ? 'alert' : 'status'}>${this.loadError ?? this.loadingText}</p>`}
      <div class="plot"></div>
    </figure>`;
  }
}

if (!customElements.get('peermatch-console-chart')) customElements.define('peermatch-console-chart', PeermatchConsoleChart);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-console-chart': PeermatchConsoleChart;
  }
}

/** The x range of a time chart (Unix seconds): the data's, widened to a minute at least; none without data. */
export function timeRange(xs: readonly number[]): { min: number; max: number } | undefined {
  if (xs.length === 0) return undefined;
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return max - min < 60 ? { min: max - 60, max: max + 1 } : { min, max };
}
