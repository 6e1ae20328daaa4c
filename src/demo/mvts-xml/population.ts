import fs from 'node:fs';
import path from 'node:path';
import { creditCode, residentId } from './identifiers';
import type { Rng } from '../common/random';

/** The nodes and people of the simulated province: the node directory plus wholesalers and buyers. */

export interface SimNode {
  code: string;
  nodeType: string;
  region: string;
  creditCode: string;
  name: string;
}

export interface Person {
  /** A resident ID number or a credit code. */
  id: string;
  name: string;
}

export const DEFAULT_NODES_FILE = path.resolve(__dirname, '../../../config/translations/mvts-nodes.json');

/** Node codes deliberately missing from the directory (dirty records → UNKNOWN_NODE). */
export const UNKNOWN_NODES = {
  slaughterhouse: '620121010009',
  market: '620102020099',
  buyer: '620199030009',
  carrier: '620105060009',
} as const;

/** Origin counties of animals and vegetables (Gansu), with their names. */
export const COUNTIES: ReadonlyArray<[string, string]> = [
  ['620123', '甘肃省兰州市榆中县'],
  ['620421', '甘肃省白银市靖远县'],
  ['622924', '甘肃省临夏回族自治州广河县'],
  ['620121', '甘肃省兰州市永登县'],
  ['621102', '甘肃省定西市安定区'],
  ['620503', '甘肃省天水市麦积区'],
  ['620111', '甘肃省兰州市红古区'],
  ['620122', '甘肃省兰州市皋兰县'],
  ['620702', '甘肃省张掖市甘州区'],
  ['621121', '甘肃省定西市通渭县'],
];

const SURNAMES = ['马', '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '罗', '何'];
const GIVEN = [
  '建华',
  '志刚',
  '红军',
  '国强',
  '永福',
  '兴旺',
  '学军',
  '玉兰',
  '秀英',
  '海军',
  '晓东',
  '丽娟',
  '文博',
  '德明',
  '桂芳',
  '小龙',
];
// Names written with a middle dot or a bullet (GB18030 four-byte) occur in real data.
const DOTTED = ['阿卜杜·热合曼', '买买提•艾力', '古丽·吐尔逊'];
const SHOPS = ['鲜肉店', '蔬菜批发部', '冷鲜肉经营部', '农副产品商行', '生鲜超市'];

export function personName(rng: Rng): string {
  return rng.chance(0.05) ? rng.pick(DOTTED) : rng.pick(SURNAMES) + rng.pick(GIVEN);
}

export interface Population {
  slaughterhouses: SimNode[];
  markets: SimNode[];
  buyerNodes: SimNode[];
  carriers: SimNode[];
  wholesalers: Person[];
  buyers: Person[];
}

interface DirectoryFile {
  entries: Array<{ source: string; nodeType: string; regionCode: string; creditCode: string; name: string }>;
}

export function loadNodes(file = DEFAULT_NODES_FILE): SimNode[] {
  const dir = JSON.parse(fs.readFileSync(file, 'utf8')) as DirectoryFile;
  return dir.entries.map((e) => ({ code: e.source, nodeType: e.nodeType, region: e.regionCode, creditCode: e.creditCode, name: e.name }));
}

export function createPopulation(rng: Rng, nodes: SimNode[]): Population {
  const of = (...types: string[]) => nodes.filter((n) => types.includes(n.nodeType));
  const pop: Population = {
    slaughterhouses: of('01'),
    markets: of('02'),
    buyerNodes: of('03', '04', '05'),
    carriers: of('06'),
    wholesalers: [],
    buyers: [],
  };
  for (const [name, list] of Object.entries(pop)) {
    if (['slaughterhouses', 'markets', 'buyerNodes', 'carriers'].includes(name) && (list as SimNode[]).length === 0) {
      throw new Error(`the node directory has no ${name}`);
    }
  }
  for (let i = 0; i < 12; i++) {
    const region = rng.pick(COUNTIES)[0];
    const name = personName(rng);
    pop.wholesalers.push(
      i % 4 === 3 ? { id: creditCode(rng, region, '92'), name: `${name}${rng.pick(SHOPS)}` } : { id: residentId(rng, region), name },
    );
  }
  for (let i = 0; i < 16; i++) {
    const region = rng.pick(['620102', '620103', '620104', '620105']);
    const name = personName(rng);
    pop.buyers.push(
      i % 3 === 2
        ? { id: creditCode(rng, region, rng.chance(0.5) ? '91' : '92'), name: `${name}${rng.pick(SHOPS)}` }
        : { id: residentId(rng, region), name },
    );
  }
  return pop;
}
