// 节假日日历 (admin): the effective calendar of a year and calendar file uploads.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import * as api from '../api/calendar.ts';
import { emptySection, errorText, fill } from '../lib/section.ts';

export const useCalendarStore = defineStore('calendar', () => {
  const year = ref(Number(new Date().toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }).slice(0, 4)));
  const calendar = reactive(emptySection<api.CalendarYear>());
  const uploading = ref(false);
  const result = ref<api.CalendarUploadResult | null>(null);
  const uploadError = ref<string | null>(null);
  let seq = 0;

  function load(): Promise<void> {
    const mine = ++seq;
    const y = year.value;
    return fill(calendar, () => api.fetchCalendarYear(y), () => mine === seq);
  }

  async function upload(file: File): Promise<void> {
    result.value = null;
    uploadError.value = null;
    const type = api.calendarContentType(file.name);
    if (!type) {
      uploadError.value = '请选择 .csv 或 .xlsx 文件（列：date, is_workday, note）';
      return;
    }
    uploading.value = true;
    try {
      result.value = await api.uploadCalendar(file, type);
      await load();
    } catch (err) {
      uploadError.value = errorText(err);
    } finally {
      uploading.value = false;
    }
  }

  return { year, calendar, uploading, result, uploadError, load, upload };
});
