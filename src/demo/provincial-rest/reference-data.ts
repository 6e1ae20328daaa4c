/** Fictitious but plausible Gansu vocabulary for the generated data set. */

export interface County {
  code: string;
  city: string;
  name: string;
  areaCode: string;
}

export const COUNTIES: readonly County[] = [
  { code: '620102', city: '兰州市', name: '城关区', areaCode: '0931' },
  { code: '620121', city: '兰州市', name: '永登县', areaCode: '0931' },
  { code: '620122', city: '兰州市', name: '皋兰县', areaCode: '0931' },
  { code: '620123', city: '兰州市', name: '榆中县', areaCode: '0931' },
  { code: '620503', city: '天水市', name: '麦积区', areaCode: '0938' },
  { code: '620602', city: '武威市', name: '凉州区', areaCode: '0935' },
  { code: '620702', city: '张掖市', name: '甘州区', areaCode: '0936' },
  { code: '620826', city: '平凉市', name: '静宁县', areaCode: '0933' },
  { code: '620902', city: '酒泉市', name: '肃州区', areaCode: '0937' },
  { code: '621102', city: '定西市', name: '安定区', areaCode: '0932' },
  { code: '621202', city: '陇南市', name: '武都区', areaCode: '0939' },
  { code: '622923', city: '临夏回族自治州', name: '永靖县', areaCode: '0930' },
  { code: '622924', city: '临夏回族自治州', name: '广河县', areaCode: '0930' },
  { code: '623001', city: '甘南藏族自治州', name: '合作市', areaCode: '0941' },
];

export const TOWNS = [
  '城关镇',
  '新城镇',
  '金崖镇',
  '定远镇',
  '三甲集镇',
  '花牛镇',
  '李家堡镇',
  '什川镇',
  '苦水镇',
  '清水驿乡',
  '来紫堡乡',
  '刘家峡镇',
];
export const VILLAGES = ['东古城村', '三角城村', '李家堡村', '王家沟村', '陈家庄村', '高崖村', '红旗村', '新民村'];
export const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '马', '周', '魏', '薛', '邓', '高', '何', '罗'];
export const GIVEN_NAMES = [
  '建国',
  '文斌',
  '永福',
  '海涛',
  '永祥',
  '红梅',
  '长青',
  '福',
  '海燕',
  '宝林',
  '建平',
  '志强',
  '秀兰',
  '国庆',
  '玉梅',
];
export const BRAND_WORDS = ['陇源', '绿丰', '丰禾', '绿源', '金城', '陇原', '高原', '祁连', '黄河', '鑫源', '绿谷', '润农'];
export const BASE_WORDS = ['高原夏菜种植基地', '蔬菜基地', '马铃薯种植基地', '果品冷藏库', '标准化养殖场', '网箱养殖区', '设施农业园'];

export type Panel = 'vegetable' | 'livestock' | 'aquatic' | 'egg';

export interface QuantityUnit {
  dw: string;
  min: number;
  max: number;
  places: number;
}

export interface Product {
  cplb: string;
  name: string;
  /** Trace code link: 01 planting, 02 breeding (§2.1). */
  link: '01' | '02';
  panel: Panel;
  units: readonly QuantityUnit[];
}

const PLANT_UNITS: readonly QuantityUnit[] = [
  { dw: '公斤', min: 200, max: 20000, places: 0 },
  { dw: '斤', min: 400, max: 30000, places: 0 },
  { dw: '吨', min: 1, max: 60, places: 1 },
  { dw: '千克', min: 100, max: 8000, places: 1 },
];
const FISH_UNITS: readonly QuantityUnit[] = [{ dw: '公斤', min: 100, max: 3000, places: 1 }];

const plant = (cplb: string, name: string): Product => ({ cplb, name, link: '01', panel: 'vegetable', units: PLANT_UNITS });

export const PRODUCTS: readonly Product[] = [
  plant('01010001', '大白菜'),
  plant('01010002', '娃娃菜'),
  plant('01010003', '菠菜'),
  plant('01010004', '芹菜'),
  plant('01020001', '西兰花'),
  plant('01030001', '马铃薯'),
  plant('01030002', '胡萝卜'),
  plant('01040001', '大葱'),
  plant('01040004', '韭菜'),
  plant('01050001', '番茄'),
  plant('01050002', '辣椒'),
  plant('01060001', '黄瓜'),
  plant('01070001', '菜豆'),
  plant('02010001', '花牛苹果'),
  plant('02010002', '梨'),
  plant('02020001', '桃'),
  plant('02030001', '葡萄'),
  plant('03010002', '青稞'),
  plant('04010001', '香菇'),
  { cplb: '06010001', name: '生猪', link: '02', panel: 'livestock', units: [{ dw: '头', min: 20, max: 300, places: 0 }] },
  { cplb: '06020001', name: '肉牛', link: '02', panel: 'livestock', units: [{ dw: '头', min: 5, max: 60, places: 0 }] },
  { cplb: '06030001', name: '肉羊', link: '02', panel: 'livestock', units: [{ dw: '头', min: 20, max: 200, places: 0 }] },
  { cplb: '06040001', name: '肉鸡', link: '02', panel: 'livestock', units: [{ dw: '只', min: 500, max: 5000, places: 0 }] },
  {
    cplb: '08010001',
    name: '鸡蛋',
    link: '02',
    panel: 'egg',
    units: [
      { dw: '公斤', min: 100, max: 2000, places: 0 },
      { dw: '箱', min: 20, max: 300, places: 0 },
    ],
  },
  { cplb: '09010001', name: '虹鳟', link: '02', panel: 'aquatic', units: FISH_UNITS },
  { cplb: '09010002', name: '鲤鱼', link: '02', panel: 'aquatic', units: FISH_UNITS },
];

/** One test item template: `limit` is the source `xdz` text; `max` bounds a passing measured value. */
export interface ItemTemplate {
  names: readonly string[];
  dw: readonly string[];
  limit: readonly string[];
  /** Upper bound of a passing value, in the item's unit; 0 = the substance is never found when passing. */
  max: number;
  places: number;
}

export const RAPID_PESTICIDE: ItemTemplate = {
  names: ['有机磷和氨基甲酸酯类农药', '农药残留(酶抑制率法)', '酶抑制率', '有机磷和氨基甲酸酯类'],
  dw: ['%', '抑制率(%)', '抑制率%'],
  limit: ['50'],
  max: 45,
  places: 1,
};

export const LAB_PESTICIDES: readonly ItemTemplate[] = [
  { names: ['毒死蜱'], dw: ['mg/kg'], limit: ['0.02'], max: 0.018, places: 3 },
  { names: ['甲拌磷'], dw: ['mg/kg'], limit: ['0.01'], max: 0.008, places: 3 },
  { names: ['氧乐果', '氧化乐果'], dw: ['mg/kg'], limit: ['0.02'], max: 0.015, places: 3 },
  { names: ['克百威', '呋喃丹'], dw: ['mg/kg'], limit: ['0.02'], max: 0.015, places: 3 },
  { names: ['腐霉利'], dw: ['mg/kg'], limit: ['0.2'], max: 0.15, places: 2 },
  { names: ['氟虫腈'], dw: ['mg/kg'], limit: ['0.02'], max: 0.015, places: 3 },
  { names: ['敌敌畏'], dw: ['mg/kg', 'ppm'], limit: ['0.2'], max: 0.1, places: 2 },
];

export const BETA_AGONISTS: readonly ItemTemplate[] = [
  {
    names: ['瘦肉精（克伦特罗）', '克伦特罗', '盐酸克伦特罗'],
    dw: ['μg/kg', 'µg/kg', 'ug/kg'],
    limit: ['', '不得检出', '0'],
    max: 0,
    places: 1,
  },
  { names: ['莱克多巴胺', '盐酸莱克多巴胺'], dw: ['μg/kg', 'µg/kg'], limit: ['', '不得检出'], max: 0, places: 1 },
  { names: ['沙丁胺醇', '硫酸沙丁胺醇'], dw: ['ug/kg', 'μg/kg'], limit: ['', '0.0'], max: 0, places: 1 },
];

export const AQUATIC_DRUGS: readonly ItemTemplate[] = [
  { names: ['孔雀石绿', '孔雀石绿及其代谢物'], dw: ['μg/kg'], limit: ['', '不得检出'], max: 0, places: 1 },
  { names: ['氯霉素'], dw: ['μg/kg', 'ppb'], limit: ['', '0', '0.00'], max: 0, places: 1 },
  { names: ['恩诺沙星（以恩诺沙星与环丙沙星之和计）', '恩诺沙星'], dw: ['μg/kg'], limit: ['100'], max: 80, places: 1 },
];

export const EGG_DRUGS: readonly ItemTemplate[] = [
  { names: ['氧氟沙星'], dw: ['μg/kg'], limit: ['不得检出'], max: 0, places: 1 },
  { names: ['磺胺类', '磺胺类(总量)'], dw: ['mg/kg'], limit: ['0.1'], max: 0.05, places: 3 },
];

/** The four commitments in printed order, each with variants found in practice (commitment-texts.json). */
export const COMMITMENT_TEXTS: readonly (readonly string[])[] = [
  ['不使用禁限用农药兽药', '不使用禁用农药兽药', '不使用禁限用农药、兽药'],
  ['不使用非法添加物', '不使用违禁添加物'],
  ['遵守农药安全间隔期、兽药休药期规定', '遵守农药安全间隔期和兽药休药期规定', '遵守农药安全间隔期规定'],
  ['销售的食用农产品符合农药兽药残留食品安全国家强制性标准', '符合农药兽药残留食品安全国家强制性标准'],
];
export const COMMITMENT_SEPARATORS = ['、', '，', ';', '；', ' ', '\n'];
export const TICK_MARKS = ['', '', '☑', '√'];
