import type { OperationSpec } from './operation-spec';

const traceCode = {
  name: 'traceCode',
  in: 'path' as const,
  required: true,
  description:
    'a trace code (national §6.4: 20 digits, region, link, date, serial, check digit); anything else is answered 404, like an unknown code',
  schema: { type: 'string' },
};
const html = (description: string) => ({ contentType: 'text/html', description });
const tooMany =
  'past the per-address limit (PUBLIC_TRACE_RATE_LIMIT per PUBLIC_TRACE_RATE_WINDOW_SECONDS); Retry-After says when to try again';

/**
 * The public trace surface: no token, rate limited per client address, cached per code. Query parameters
 * are ignored: links shared in messaging apps come back with their own (`?from=singlemessage`).
 */
export const publicTraceOperations: readonly OperationSpec[] = [
  {
    operationId: 'getPublicTrace',
    method: 'get',
    path: '/public/v1/trace/{traceCode}',
    access: 'public',
    tag: 'public',
    openQuery: true,
    summary:
      'What a consumer or regulator may see of a trace code: product, origin, producer and market, certificate, test, steps, warnings',
    description:
      "Only records the national platform accepted. Never a resident ID, phone number, price, amount, quantity or internal id; a person's name is masked.",
    parameters: [traceCode],
    responses: { 200: 'PublicTrace', 404: 'Error', 429: 'Error' },
  },
  {
    operationId: 'publicTracePage',
    method: 'get',
    path: '/t/{traceCode}',
    access: 'public',
    tag: 'public',
    openQuery: true,
    summary: 'The public trace page of a code: server-rendered HTML, no script, for phones',
    parameters: [traceCode],
    responses: { 200: html('the page'), 404: html('a page saying the code is not known'), 429: html(tooMany) },
  },
  {
    operationId: 'publicTraceQr',
    method: 'get',
    path: '/t/{traceCode}/qr.svg',
    access: 'public',
    tag: 'public',
    openQuery: true,
    summary: "QR code (SVG) of the code's public page address, for tickets and stamps",
    parameters: [traceCode],
    responses: {
      200: { contentType: 'image/svg+xml', description: 'the QR code of PUBLIC_BASE_URL/t/{traceCode}' },
      404: html('a malformed code'),
      429: html(tooMany),
    },
  },
];
