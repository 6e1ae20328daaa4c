import type { CodeLists } from '../national/codelists';

/** Link codes of a trace code (national §6.4), as printed for consumers. */
export const LINK_LABELS: Readonly<Record<string, string>> = {
  '01': '种植',
  '02': '养殖',
  '03': '屠宰',
  '04': '批发市场',
  '05': '农贸市场',
  '06': '超市',
  '07': '加工',
  '08': '餐饮',
  '09': '冷链物流',
};

export const ROLE_LABELS = {
  producer: '生产者',
  slaughterhouse: '屠宰企业',
  issuer: '开具合格证主体',
  supplier: '供货方',
  vendor: '经营户',
  market: '市场',
  seller: '销售方',
  carrier: '承运方',
} as const;

export type PartyRole = keyof typeof ROLE_LABELS;

export const STEP_LABELS = {
  production: '生产',
  slaughter: '屠宰',
  inspection: '检测',
  certificate: '开具承诺达标合格证',
  entry: '进场',
  sale: '销售',
  transport: '运输',
} as const;

export type StepKind = keyof typeof STEP_LABELS;

export const BASIS_LABELS: Readonly<Record<string, string>> = {
  SELF_TEST: '自检合格',
  COMMISSIONED_TEST: '委托检测合格',
  INTERNAL_CONTROL: '内部质量控制合格',
  QUARANTINE: '动物检疫合格',
};

export const METHOD_LABELS: Readonly<Record<string, string>> = { RAPID: '快速检测', LAB: '实验室检测' };

export const CONCLUSION_LABELS: Readonly<Record<string, string>> = { PASS: '合格', FAIL: '不合格' };

export const ANIMAL_LABELS: Readonly<Record<string, string>> = { PIG: '生猪', CATTLE: '牛', SHEEP: '羊', POULTRY: '禽' };

export const NOTICE_KIND_LABELS: Readonly<Record<string, string>> = { PROBLEM_PRODUCT: '问题产品通报', RECALL: '召回' };

export const SEVERITY_LABELS: Readonly<Record<string, string>> = { LOW: '低', MEDIUM: '中', HIGH: '高', CRITICAL: '严重' };

export const ACTION_LABELS: Readonly<Record<string, string>> = { TRACE: '追溯排查', OFF_SHELF: '下架', RETEST: '复检', RECALL: '召回' };

/** A code with its label from a national code list (§6.5); the label is null for a code the list does not hold. */
export interface Labelled {
  code: string;
  label: string | null;
}

export function labelled(
  lists: CodeLists,
  list: 'product-categories' | 'subject-types' | 'test-items' | 'commitments',
  code: string,
): Labelled {
  return { code, label: lists.entry(list, code)?.label ?? null };
}

/**
 * A 6-digit region code (§6.1) with the name of its province. The gateway holds the province list only
 * (code list `provinces`), not GB/T 2260 as a whole, so the county itself is shown by its code.
 */
export interface PublicRegion {
  code: string;
  province: string | null;
}

export function regionOf(lists: CodeLists, code: string): PublicRegion {
  return { code, province: lists.entry('provinces', code.slice(0, 2))?.label ?? null };
}

const BEIJING = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** A record's date as written, or a timestamp as Beijing time (the records' own zone) to the minute. */
export function displayDate(value: string | null): string {
  if (!value) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : BEIJING.format(new Date(t));
}
