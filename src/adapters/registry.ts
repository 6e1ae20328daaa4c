import { kindRegistry } from '../kinds';
import type { AdapterKind } from './types';

/** Every adapter kind the gateway knows (registered in src/kinds.ts). */
export const adapterKinds: Readonly<Record<string, AdapterKind>> = kindRegistry.adapterKinds;
