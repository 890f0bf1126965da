// Option type of the registered charts only (charts/echarts.ts): a builder
// that used an unregistered series or component would not type-check.
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

export interface Look {
  /** The 大屏's dark look. */
  dark?: boolean;
}

/** Shared colours (the light and the dark look). */
export const COLORS = {
  primary: '#2f6fed',
  secondary: '#36b37e',
  accent: '#f5a623',
  good: '#2e9e5b',
  bad: '#d64545',
  muted: '#b8c0cc',
  palette: ['#2f6fed', '#36b37e', '#f5a623', '#8e5cd9', '#17a2b8', '#e8684a', '#6c7a89'],
};

export const textColor = (look: Look): string => (look.dark ? '#c9d6ea' : '#4a5568');
export const axisLineColor = (look: Look): string => (look.dark ? '#3a4a66' : '#d9dee7');

/** Rates as "12.3%" (0.1 % like every figure in the UI), null as "—". */
export const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
