/** The portal's charts as ECharts options, sized to the width they are drawn at. */
import type { LegendComponentOption } from 'echarts/components';
import type { ChartOption } from './echarts';

/** Never under 12 px, so a chart reads on a phone (and in a downloaded image). */
const FONT = 13;
const LINE = 18;
/** Distinct in colour, and lines differ in dash and marker too, for readers who cannot tell the colours apart. */
const SERIES_COLOURS = ['#0b3d66', '#d4351c', '#00703c', '#8f4a00', '#5e2a84', '#505a5f'];
const DASHES = ['solid', 'dashed', 'dotted', 'solid', 'dashed', 'dotted'] as const;
const MARKERS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect'];
const TEXT = '#1b1f24';

export interface Series {
  name: string;
  values: number[];
}

const base = {
  backgroundColor: '#ffffff',
  animation: false,
  textStyle: { fontSize: FONT, color: TEXT, fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif' },
  color: SERIES_COLOURS,
} as const;

/** Lines of wrapped text a label of this many characters takes at this width (an estimate: ECharts does the wrapping). */
const linesFor = (text: string, width: number) => Math.max(1, Math.ceil((text.length * FONT * 0.65) / width));

/** A legend of one series a line (names wrapped, never cut), and the height it takes. */
function legend(series: Series[], width: number): { option: LegendComponentOption; height: number } {
  const textWidth = Math.max(120, width - 60);
  const height = series.reduce((h, s) => h + linesFor(s.name, textWidth) * LINE + 6, 8);
  return {
    option: {
      orient: 'vertical',
      left: 0,
      top: 0,
      itemGap: 6,
      textStyle: { fontSize: FONT, width: textWidth, overflow: 'break', lineHeight: LINE },
      data: series.map((s) => s.name),
    },
    height,
  };
}

const grid = (top: number, left = 8) => ({ top, left, right: 24, bottom: 8, outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const });

/** Reviews a year, a line per theme; every year of the span on the axis. */
export function trendOption(years: string[], series: Series[], width: number): { option: ChartOption; height: number } {
  const l = legend(series, width);
  const interval = years.length * 44 > width ? Math.ceil((years.length * 44) / width) - 1 : 0;
  return {
    height: l.height + 280,
    option: {
      ...base,
      legend: l.option,
      grid: grid(l.height + 32),
      xAxis: { type: 'category', data: years, boundaryGap: false, axisLabel: { fontSize: FONT, interval }, axisTick: { alignWithLabel: true } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: FONT }, name: 'Reviews', nameTextStyle: { fontSize: FONT, align: 'left' } },
      series: series.map((s, i) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        symbol: MARKERS[i % MARKERS.length],
        symbolSize: 7,
        lineStyle: { width: 2.5, type: DASHES[i % DASHES.length] },
      })),
    },
  };
}

/** Horizontal bars, a group per category and a bar per series, category names wrapped in full. */
export function barsOption(categories: string[], series: Series[], width: number): { option: ChartOption; height: number } {
  const l = legend(series, width);
  const labelWidth = Math.round(Math.min(220, width * 0.38));
  const band = (c: string) => Math.max(linesFor(c, labelWidth) * LINE + 8, series.length * 16 + 12);
  const plot = categories.reduce((h, c) => h + band(c), 0);
  return {
    height: l.height + 24 + Math.max(plot, 80) + 32,
    option: {
      ...base,
      legend: l.option,
      grid: grid(l.height + 24),
      xAxis: { type: 'value', minInterval: 1, position: 'top', axisLabel: { fontSize: FONT } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: categories,
        axisLabel: { fontSize: FONT, width: labelWidth, overflow: 'break', lineHeight: LINE, interval: 0 },
      },
      series: series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        barMaxWidth: 18,
        label: { show: true, position: 'right', fontSize: 12, color: TEXT },
      })),
    },
  };
}

/**
 * The chosen themes against each other: rows named in full, columns by number (the same order),
 * so the names need no room under the grid on a narrow screen.
 */
export function heatmapOption(names: string[], matrix: number[][], width: number): { option: ChartOption; height: number } {
  const labelWidth = Math.round(Math.min(220, width * 0.4));
  const numbered = names.map((n, i) => `${i + 1}. ${n}`);
  const row = Math.max(44, ...numbered.map((n) => linesFor(n, labelWidth) * LINE + 10));
  const off = matrix.flatMap((r, i) => r.filter((_, j) => i !== j));
  const data = matrix.flatMap((r, i) => r.map((n, j) => [j, i, i === j ? '-' : n] as [number, number, number | string]));
  return {
    height: names.length * row + 120,
    option: {
      ...base,
      grid: { ...grid(40), bottom: 56 },
      xAxis: { type: 'category', data: names.map((_, i) => String(i + 1)), position: 'top', axisLabel: { fontSize: FONT }, splitArea: { show: false } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: numbered,
        axisLabel: { fontSize: FONT, width: labelWidth, overflow: 'break', lineHeight: LINE, interval: 0 },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: Math.max(1, ...off),
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: Math.min(200, width * 0.5),
        textStyle: { fontSize: FONT },
        text: ['more', 'fewer'],
        // Light enough at the dark end for dark figures to keep 4.5:1 contrast.
        inRange: { color: ['#f4f6f9', '#7fa3c3'] },
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, fontSize: FONT, color: TEXT },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        },
      ],
    },
  };
}
