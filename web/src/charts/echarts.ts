/**
 * ECharts with only what the portal draws: lines, bars and a heat map on a grid, drawn in SVG
 * (crisp at any zoom, text a browser can measure, and the same drawing a researcher downloads).
 */
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  VisualMapContinuousComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, BarChart, HeatmapChart, GridComponent, LegendComponent, VisualMapContinuousComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  LineSeriesOption | BarSeriesOption | HeatmapSeriesOption | GridComponentOption | LegendComponentOption | VisualMapComponentOption
>;

export function drawChart(el: HTMLElement): EChartsType {
  return init(el, null, { renderer: 'svg' });
}

export type { EChartsType };
