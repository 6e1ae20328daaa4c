import type { QuarantineFilter } from '../db/queries/quarantine-list';
import type { Logger } from '../log';
import type { NationalAnswer } from '../national/answer';
import type { CodeListStore } from '../national/codelist-store';

export interface RefreshCodeListsDeps {
  codeLists: Pick<CodeListStore, 'refreshFromPlatform'>;
  client: { getCodeList(name: string): Promise<NationalAnswer> };
  /** Re-maps the open quarantine entries matching the filter and batches what now passes. */
  replayQuarantined(filter: QuarantineFilter): Promise<unknown>;
  log: Logger;
}

/**
 * The `refresh-codelists` queue's handler: fetches every code list from the platform and, when a
 * version changed, replays the records quarantined for a code the lists did not know (E4003).
 */
export function createRefreshCodeListsHandler(deps: RefreshCodeListsDeps) {
  return async (): Promise<void> => {
    const r = await deps.codeLists.refreshFromPlatform((name) => deps.client.getCodeList(name));
    if (r.errors.length) deps.log.warn('some code lists could not be fetched', { event: 'codelists:errors', errors: r.errors });
    if (r.changed.length) await deps.replayQuarantined({ reason: 'E4003' });
  };
}
