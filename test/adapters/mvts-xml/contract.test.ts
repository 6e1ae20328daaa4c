import { sourceAdapterContract } from '../../contracts/source-adapter';
import { mvtsXmlSetup } from './setup';

sourceAdapterContract(mvtsXmlSetup);
