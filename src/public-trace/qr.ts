import QRCode from 'qrcode';

/** The public address of a code's page: the configured base URL (no trailing slash) + `/t/{code}`. */
export function publicTraceUrl(baseUrl: string, traceCode: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/t/${traceCode}`;
}

/**
 * The QR code of a page address as SVG, for tickets and stamps: error correction M (survives some wear
 * of a printed ticket), the standard quiet zone of 4 modules, drawn 256 px wide unless scaled.
 */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, width: 256 });
}
