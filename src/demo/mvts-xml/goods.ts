/** Goods the simulated nodes trade (codes of config/translations/mvts-goods.json). */

export interface MeatKind {
  animal: string;
  carcass: [string, string];
  cut: [string, string];
  heads: [number, number];
  /** Carcass kg per head, in hundredths. */
  kgPerHead: [number, number];
  /** Price per kg in cents. */
  price: [number, number];
}

export const MEAT: Readonly<Record<string, MeatKind>> = {
  '1': {
    animal: '1',
    carcass: ['1010101', '白条猪（带皮）'],
    cut: ['1010201', '分割猪肉'],
    heads: [20, 60],
    kgPerHead: [7500, 9500],
    price: [2200, 3000],
  },
  '2': {
    animal: '2',
    carcass: ['1020101', '牛胴体'],
    cut: ['1020201', '分割牛肉'],
    heads: [3, 12],
    kgPerHead: [22000, 32000],
    price: [6000, 8000],
  },
  '3': {
    animal: '3',
    carcass: ['1030101', '羊胴体'],
    cut: ['1030201', '分割羊肉'],
    heads: [30, 120],
    kgPerHead: [1500, 2500],
    price: [5500, 7500],
  },
  '4': {
    animal: '4',
    carcass: ['1040101', '白条鸡'],
    cut: ['1040201', '分割禽肉'],
    heads: [500, 3000],
    kgPerHead: [150, 220],
    price: [1400, 2000],
  },
};

export const VEGETABLES: ReadonlyArray<[string, string]> = [
  ['2010001', '大白菜'],
  ['2010002', '娃娃菜'],
  ['2010003', '菠菜'],
  ['2020001', '西兰花'],
  ['2030001', '马铃薯'],
  ['2030002', '胡萝卜'],
  ['2040001', '番茄'],
  ['2040002', '辣椒'],
  ['2050001', '黄瓜'],
  ['2060001', '大葱'],
];

/** Which animals a slaughterhouse takes, from its name (家禽 poultry, 牛羊 cattle and sheep, else pigs). */
export function animalsOf(nodeName: string): string[] {
  if (nodeName.includes('禽')) return ['4'];
  if (nodeName.includes('牛羊')) return ['2', '3'];
  return ['1'];
}

/** Hundredths → `123.45`. */
export function fixed2(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** Tenths (may be negative) → `-1.5`. */
export function fixed1(tenths: number): string {
  const sign = tenths < 0 ? '-' : '';
  const abs = Math.abs(tenths);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}

/** round_half_up(weight × price, 2) in cents, from hundredths of kg and cents per kg. */
export function amountCents(weightHundredths: number, priceCents: number): number {
  return Math.floor((weightHundredths * priceCents + 50) / 100);
}
