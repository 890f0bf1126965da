// The one owner of an ECharts instance (style.md): init on mount, setOption
// when the option changes, resize with the element, re-init on a theme
// change, dispose on unmount. Chart SFCs pass a ref to their element and a
// computed option built by a pure function (charts/options/*).
import { onBeforeUnmount, onMounted, shallowRef, watch, type Ref } from 'vue';
import { init, type ECElementEvent, type ECharts } from '../charts/echarts.ts';
import type { ChartOption } from '../charts/options/types.ts';

export interface UseEchartsOptions {
  theme?: Readonly<Ref<'light' | 'dark'>>;
  onClick?: (event: ECElementEvent) => void;
}

export function useEcharts(el: Readonly<Ref<HTMLElement | null>>, option: Readonly<Ref<ChartOption | null>>, opts: UseEchartsOptions = {}) {
  const chart = shallowRef<ECharts | null>(null);
  let observer: ResizeObserver | null = null;

  const create = () => {
    if (!el.value) return;
    chart.value?.dispose();
    const instance = init(el.value, opts.theme?.value === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    if (opts.onClick) instance.on('click', (e) => opts.onClick!(e as ECElementEvent));
    if (option.value) instance.setOption(option.value, { notMerge: true });
    chart.value = instance;
  };

  onMounted(() => {
    create();
    if (el.value) {
      observer = new ResizeObserver(() => chart.value?.resize());
      observer.observe(el.value);
    }
  });

  watch(option, (next) => {
    if (next) chart.value?.setOption(next, { notMerge: true });
    else chart.value?.clear();
  });
  if (opts.theme) watch(opts.theme, create);

  onBeforeUnmount(() => {
    observer?.disconnect();
    chart.value?.dispose();
    chart.value = null;
  });

  return { chart };
}
