// Chinese names of the supervision codes (mirroring server/supervision/export.ts
// and action-state.ts; the dashboard imports no values from the server).
export const CASE_STATE_TABS = [
  { id: 'warning', label: '预警' },
  { id: 'yellow', label: '黄牌' },
  { id: 'red', label: '红牌' },
  { id: 'late_finished', label: '超期办结' },
  { id: 'anomaly', label: '异常' },
] as const;

export const STATE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(CASE_STATE_TABS.map((t) => [t.id, t.label]));

export const BASE_NAMES: Readonly<Record<string, string>> = {
  accepted: '受理办件', finished: '办结办件', open: '在办办件', ratings: '评价', catalogue: '事项目录',
};

export const CHANNEL_NAMES: Readonly<Record<string, string>> = {
  window: '窗口', online: '网上(PC)', mobile: '移动端', self_service: '自助终端', mail: '寄递', other: '其他',
};

export const STATUS_NAMES: Readonly<Record<string, string>> = {
  submitted: '已申请', not_accepted: '不予受理', accepted: '已受理', in_progress: '办理中', suspended: '暂停计时',
  finished: '办结(准予)', denied: '办结(不予许可)', withdrawn: '撤回',
};

export const CARD_NAMES: Readonly<Record<string, string>> = { warning: '预警', yellow: '黄牌', red: '红牌' };

export const ANOMALY_NAMES: Readonly<Record<string, string>> = {
  time_inversion: '时间倒挂', no_process: '无过程记录', instant_finish: '秒办', offhours_bulk: '非工作时间集中办结',
  unrectified_bad: '差评逾期未整改', repeat_bad: '同一经办人重复差评',
};

export const RATING_CHANNEL_NAMES: Readonly<Record<string, string>> = {
  window_device: '窗口评价器', pc: '网上', app: '移动端', mini_program: '小程序', self_service: '自助终端', hotline: '12345热线', sms: '短信', other: '其他',
};

export const RATING_LEVEL_NAMES: Readonly<Record<number, string>> = { 1: '非常不满意', 2: '不满意', 3: '基本满意', 4: '满意', 5: '非常满意' };

export const BAD_STATUS_NAMES: Readonly<Record<string, string>> = {
  pending_visit: '待回访', visited: '已回访', rectified: '已整改', overdue: '逾期未整改', invalidated: '已撤销',
};

export const APPEAL_STATUS_NAMES: Readonly<Record<string, string>> = { pending: '待裁决', upheld: '申诉成立', rejected: '申诉驳回' };

export const ACTION_STATE_NAMES: Readonly<Record<string, string>> = {
  issued: '待回复', responded: '已回复待审核', returned: '已退回待重新回复', accepted: '已采纳', closed: '已关闭',
};

export const ACTION_EVENT_NAMES: Readonly<Record<string, string>> = {
  issue: '下发督办', respond: '回复', accept: '采纳', return: '退回', close: '关闭', auto_close: '自动关闭', escalate: '升级',
};

export const ESCALATION_NAMES: Readonly<Record<string, string>> = { none: '正常', yellow: '黄色督办', red: '红色督办' };

export const ROLE_NAMES: Readonly<Record<string, string>> = {
  admin: '管理员', leader: '领导', inspector: '纪检监察', evaluator: '第三方评估', dept: '部门', system: '系统',
};

export const nameOf = (names: Readonly<Record<string, string>>, code: string | null | undefined): string =>
  code === null || code === undefined || code === '' ? '—' : names[code] ?? code;
