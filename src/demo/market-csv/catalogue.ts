/** Goods, places and names the simulated market deals with. Goods codes are those of market-goods.json. */

export interface Goods {
  code: string;
  name: string;
  meat: boolean;
  /** Link code of the trace code the goods arrive with (national §6.4). */
  link: '01' | '02' | '03' | '04';
  /** Price in 元 per 斤 at the scale. */
  pricePerJin: string;
  /** Units an entry is registered in. */
  entryUnits: readonly string[];
}

export const GOODS: readonly Goods[] = [
  { code: '10101', name: '大白菜', meat: false, link: '01', pricePerJin: '1.20', entryUnits: ['公斤', '斤'] },
  { code: '10102', name: '娃娃菜', meat: false, link: '01', pricePerJin: '2.50', entryUnits: ['公斤', '斤'] },
  { code: '10105', name: '芹菜', meat: false, link: '01', pricePerJin: '2.20', entryUnits: ['公斤'] },
  { code: '10301', name: '土豆', meat: false, link: '01', pricePerJin: '1.50', entryUnits: ['公斤', '斤'] },
  { code: '10401', name: '西红柿', meat: false, link: '01', pricePerJin: '3.50', entryUnits: ['公斤', '件'] },
  { code: '10402', name: '青椒', meat: false, link: '01', pricePerJin: '4.00', entryUnits: ['公斤'] },
  { code: '10501', name: '黄瓜', meat: false, link: '01', pricePerJin: '2.80', entryUnits: ['公斤', '斤'] },
  { code: '10604', name: '兰州百合', meat: false, link: '01', pricePerJin: '18.00', entryUnits: ['公斤', '件'] },
  { code: '20101', name: '苹果(红富士,80#)', meat: false, link: '01', pricePerJin: '5.50', entryUnits: ['件', '公斤'] },
  { code: '20601', name: '西瓜', meat: false, link: '01', pricePerJin: '1.80', entryUnits: ['公斤'] },
  { code: '30101', name: '猪肉(前腿)', meat: true, link: '03', pricePerJin: '13.00', entryUnits: ['公斤', '斤'] },
  { code: '30201', name: '牛肉', meat: true, link: '03', pricePerJin: '38.00', entryUnits: ['公斤'] },
  { code: '30301', name: '羊肉', meat: true, link: '03', pricePerJin: '36.00', entryUnits: ['公斤'] },
  { code: '30401', name: '鸡肉', meat: true, link: '03', pricePerJin: '11.00', entryUnits: ['公斤', '斤'] },
  { code: '40101', name: '草鱼', meat: false, link: '02', pricePerJin: '9.00', entryUnits: ['公斤'] },
  { code: '40103', name: '虹鳟', meat: false, link: '02', pricePerJin: '18.00', entryUnits: ['公斤'] },
  { code: '50101', name: '鸡蛋', meat: false, link: '02', pricePerJin: '4.80', entryUnits: ['斤', '箱', '公斤'] },
  { code: '70101', name: '香菇', meat: false, link: '01', pricePerJin: '8.00', entryUnits: ['公斤', '筐'] },
];

/** Origin regions (counties) with an address to print in 产地. */
export const ORIGINS: ReadonlyArray<{ region: string; place: string }> = [
  { region: '620123', place: '甘肃省兰州市榆中县' },
  { region: '620111', place: '甘肃省兰州市红古区' },
  { region: '620121', place: '甘肃省兰州市永登县' },
  { region: '620503', place: '甘肃省天水市麦积区' },
  { region: '622923', place: '甘肃省临夏州永靖县' },
  { region: '620702', place: '甘肃省张掖市甘州区' },
  { region: '640302', place: '宁夏回族自治区吴忠市利通区' },
];

/** Counties of Lanzhou the stall holders are registered in (resident ID and credit code regions). */
export const HOME_REGIONS = ['620102', '620103', '620104', '620105', '620111', '620121', '620123'];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '马', '孙', '周', '吴', '徐', '何', '郭', '罗', '韩'];
export const GIVEN_NAMES = ['秀兰', '建国', '建军', '红霞', '志强', '玉梅', '海燕', '国庆', '桂英', '文华', '小平', '德明', '淑芬', '永福'];
export const SHOP_NAMES = ['清真牛羊肉店', '鲜肉铺', '蔬菜店', '水果行', '禽蛋批发部', '水产店', '菌菇坊', '粮油店'];
export const DISTRICTS = ['城关区', '七里河区', '安宁区', '西固区'];

export const SUPPLIER_REGIONS = ['620123', '620111', '620121', '620503', '622923'];
