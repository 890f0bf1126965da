// App-wide state: the outage banner (ClickHouse down → every data request
// answers 503 with a message; shown once at the top instead of blank pages).
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const useAppStore = defineStore('app', () => {
  const outage = ref<string | null>(null);
  const reportOutage = (message: string) => (outage.value = message);
  const clearOutage = () => (outage.value = null);
  return { outage, reportOutage, clearOutage };
});
