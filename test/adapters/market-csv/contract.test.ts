import { sourceAdapterContract } from '../../contracts/source-adapter';
import { marketCsvSetup } from './setup';

sourceAdapterContract(marketCsvSetup);
