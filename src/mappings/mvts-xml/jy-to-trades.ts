import { Outcome } from '../common/outcome';
import type { MapResult, Mapping, MappingContext } from '../types';
import { KIND, decimal, goods, ownNode, party, recordIdOf, str, time, type MvtsPayload } from './common';

/** mvts `JY` → national `trades` (source-subsystems §4.10). Price and Amount are already per kg. */
export const jyToTrades: Mapping<MvtsPayload> = {
  from: { kind: KIND, stream: 'JY' },
  to: 'trades',
  tables: ['mvts-nodes', 'mvts-goods'],
  map(src: MvtsPayload, ctx: MappingContext): MapResult {
    const out = new Outcome();
    const node = ownNode(ctx, src, 'NodeCode', out);
    const recordId = recordIdOf(ctx, 'JY', src, 'NodeCode', 'TicketNo', out);
    return out.finish({
      recordId,
      regionCode: node?.regionCode,
      sourceSystem: ctx.instance.sourceSystem,
      ticketNo: str(src, 'TicketNo'),
      marketCode: node?.creditCode,
      sellerCode: party(ctx, src, 'SellerId', true, out),
      buyerCode: party(ctx, src, 'BuyerId', false, out),
      traceCode: str(src, 'TraceCode'),
      parentTraceCode: str(src, 'ParentTraceCode'),
      productCode: goods(ctx, src, out),
      quantity: decimal(src, 'Weight', 3, out),
      unit: 'KG',
      unitPrice: decimal(src, 'Price', 2, out),
      amount: decimal(src, 'Amount', 2, out),
      tradedAt: time(src, 'TradeTime', out),
    });
  },
};
