import { sourceAdapterContract } from '../../contracts/source-adapter';
import { provincialRestSetup } from './setup';

sourceAdapterContract(provincialRestSetup);
