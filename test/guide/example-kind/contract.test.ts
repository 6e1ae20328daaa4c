import { sourceAdapterContract } from '../../contracts/source-adapter';
import { jsonlFeedSetup } from './setup';

sourceAdapterContract(jsonlFeedSetup);
