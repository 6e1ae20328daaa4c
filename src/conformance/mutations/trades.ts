import { CREDIT_CODE_ALPHABET, withWrongCheck } from '../codes';
import { accepts, err, rejects, type RecordMutation } from './mutation';

export const tradesMutations: readonly RecordMutation[] = [
  rejects(
    'E4002.ticketNo',
    ['§5.7 ticketNo', '§3.3 E4002'],
    'ticketNo missing',
    (r) => {
      delete r.ticketNo;
    },
    err('E4002', '/ticketNo'),
  ),
  rejects(
    'E4004.marketCode',
    ['§5.7 marketCode', '§3.3 E4004'],
    'credit code with a wrong check character',
    (r) => {
      r.marketCode = withWrongCheck(r.marketCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/marketCode'),
  ),
  rejects(
    'E4004.sellerCode',
    ['§5.7 sellerCode', '§7.15 party-codes'],
    'credit code with a wrong check character',
    (r) => {
      r.sellerCode = withWrongCheck(r.sellerCode, CREDIT_CODE_ALPHABET);
    },
    err('E4004', '/sellerCode'),
  ),
  rejects(
    'E4001.buyerCode',
    ['§5.7 buyerCode', '§7.15 party-codes'],
    'buyerCode 123 (neither shape)',
    (r) => {
      r.buyerCode = '123';
    },
    err('E4001', '/buyerCode'),
  ),
  accepts('valid.consumer-without-buyer', ['§5.7 buyerCode'], 'a sale to a consumer (no buyerCode)', (r) => {
    delete r.buyerCode;
  }),
  rejects(
    'E4004.traceCode',
    ['§5.7 traceCode', '§3.3 E4004'],
    'trace code with a wrong check digit',
    (r) => {
      r.traceCode = withWrongCheck(r.traceCode);
    },
    err('E4004', '/traceCode'),
  ),
  rejects(
    'E4004.parentTraceCode',
    ['§5.7 parentTraceCode', '§6.4 trace-code'],
    'parent trace code with a wrong check digit',
    (r) => {
      r.parentTraceCode = withWrongCheck(r.parentTraceCode);
    },
    err('E4004', '/parentTraceCode'),
  ),
  rejects(
    'E4003.productCode',
    ['§5.7 productCode', '§3.3 E4003'],
    'productCode not in product-categories',
    (r) => {
      r.productCode = 'veg_leafy';
    },
    err('E4003', '/productCode'),
  ),
  rejects(
    'E4001.quantity-zero',
    ['§5.7 quantity'],
    'quantity 0 (amount rule then skipped)',
    (r) => {
      r.quantity = 0;
    },
    err('E4001', '/quantity'),
  ),
  rejects(
    'E4003.unit',
    ['§5.7 unit'],
    'unit LB',
    (r) => {
      r.unit = 'LB';
    },
    err('E4003', '/unit'),
  ),
  rejects(
    'E4001.unitPrice-decimals',
    ['§5.7 unitPrice', '§1 decimals', '§7.9 cross-field-last'],
    'unitPrice with 3 decimals',
    (r) => {
      r.unitPrice = 2.505;
    },
    err('E4001', '/unitPrice'),
  ),
  rejects(
    'E4001.amount-negative',
    ['§5.7 amount', '§7.9 cross-field-last'],
    'amount −1',
    (r) => {
      r.amount = -1;
    },
    err('E4001', '/amount'),
  ),
  rejects(
    'E4001.amount-string',
    ['§7.11 null-and-types', '§7.9 cross-field-last'],
    'amount "7.5" (a string): no E4005',
    (r) => {
      r.amount = '7.5';
    },
    err('E4001', '/amount'),
  ),
  rejects(
    'E4001.tradedAt',
    ['§5.7 tradedAt', '§7.18 rfc3339'],
    'tradedAt with +0800',
    (r) => {
      r.tradedAt = `${r.tradedAt.slice(0, 19)}+0800`;
    },
    err('E4001', '/tradedAt'),
  ),
  rejects(
    'E4005.amount',
    ['§5.7 rule', '§7.13 cross-field-paths', '§3.3 E4005'],
    '3 × 2.50 = 7.50, amount 7.52',
    (r) => {
      r.amount = 7.52;
    },
    err('E4005', '/amount'),
  ),
  accepts('valid.amount-within-0.01', ['§5.7 rule', '§7.13 cross-field-paths'], '3 × 2.50 = 7.50, amount 7.51 (inclusive)', (r) => {
    r.amount = 7.51;
  }),
  accepts('valid.amount-half-up-exact', ['§5.7 rule', '§7.13 cross-field-paths'], '1.005 × 1 rounds half up to 1.01; amount 1.02', (r) => {
    r.quantity = 1.005;
    r.unitPrice = 1;
    r.amount = 1.02;
  }),
  {
    name: 'E4006-before-E4005',
    clauses: ['§7.9 error-order', '§3.3 E4006', '§3.3 E4005'],
    title: 'an unknown field and a wrong amount: E4006 first, then E4005',
    apply: (r) => {
      r.amount = 8;
      r.remark = 'x';
    },
    expect: [
      { code: 'E4006', path: '/remark' },
      { code: 'E4005', path: '/amount' },
    ],
  },
];
