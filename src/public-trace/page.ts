import { createHash } from 'node:crypto';
import { displayDate } from './labels';
import { regionText, type PublicParty, type PublicTrace } from './public-trace';

/** The page's only style sheet, inline and allowed by its hash: no script, no other origin, one request. */
const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1a1a1a;background:#f4f5f2}
main{max-width:40rem;margin:0 auto;padding:1rem}
header h1{font-size:1.25rem;margin:.25rem 0}
.code{font-family:ui-monospace,monospace;font-size:1.05rem;letter-spacing:.04em;word-break:break-all;margin:0;color:#444}
section{background:#fff;border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h2{font-size:1.05rem;margin:.25rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem .75rem;margin:0}
dt{color:#555}
dd{margin:0;overflow-wrap:anywhere}
.warning{background:#b3261e;color:#fff;border:3px solid #7a1410}
.warning h2{font-size:1.2rem}
.warning p{margin:.35rem 0}
.pass{color:#1b6e20;font-weight:600}
.fail{color:#b3261e;font-weight:600}
ol.steps{list-style:none;margin:0;padding:0}
ol.steps li{border-left:3px solid #6b8f3a;padding:.25rem 0 .5rem .75rem;margin-left:.25rem}
ol.steps time{display:block;color:#555;font-size:.9rem}
.muted{color:#666;font-size:.9rem}
.qr{text-align:center}
.qr img{width:10rem;height:10rem;max-width:100%}
footer{color:#666;font-size:.85rem;text-align:center;padding:1rem 0}
`;

const CSS_HASH = `sha256-${createHash('sha256').update(CSS).digest('base64')}`;

/** Content-Security-Policy of the public pages: no script at all, the inline style by hash, images from here. */
export const PAGE_CSP = `default-src 'none'; style-src '${CSS_HASH}'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const partyText = (p: PublicParty | null): string => (p ? escapeHtml(p.name ?? '（未登记）') : '—');

function row(label: string, value: string, test: string): string {
  return `<dt>${escapeHtml(label)}</dt><dd data-test="${test}">${value || '—'}</dd>`;
}

function warnings(t: PublicTrace): string {
  return t.warnings
    .map(
      (w) => `<section class="warning" role="alert" data-test="warning" data-notice-id="${escapeHtml(w.noticeId)}">
<h2>⚠ 警示：该产品涉及${escapeHtml(w.kindLabel)}（风险等级：${escapeHtml(w.severityLabel)}）</h2>
<p data-test="hazard">${escapeHtml(w.hazard)}</p>
<p>要求措施：${escapeHtml(w.actionsRequired.map((a) => a.label ?? a.code).join('、'))}</p>
<p>通报编号 ${escapeHtml(w.noticeId)}，发布于 ${escapeHtml(displayDate(w.issuedAt))}。请暂停食用，并联系购买地点或当地市场监管部门。</p>
</section>`,
    )
    .join('\n');
}

/** The public trace page of one code, server-rendered, readable without JavaScript on a phone. */
export function renderTracePage(t: PublicTrace, opts: { qrPath: string }): string {
  const parts: string[] = [];
  parts.push(`<header><h1>食用农产品追溯信息</h1><p class="code" data-test="trace-code">追溯码 ${escapeHtml(t.traceCode)}</p></header>`);
  parts.push(warnings(t));
  if (!t.found) {
    parts.push(
      `<section data-test="not-held"><p>本平台尚无该追溯码已被国家追溯平台接收的记录，但该追溯码在上述通报中被点名。</p></section>`,
    );
  } else {
    const product = t.product;
    parts.push(`<section data-test="product"><h2>产品</h2><dl>
${row('品名', escapeHtml(product?.name ?? ''), 'product-name')}
${row('品类', escapeHtml(product?.category ? (product.category.label ?? product.category.code) : ''), 'product-category')}
${row('产地', escapeHtml(regionText(t.origin)), 'origin')}
${row(t.producer?.roleLabel ?? '生产者', partyText(t.producer), 'producer')}
${row('市场', partyText(t.market), 'market')}
${row('环节', escapeHtml(t.link.label ?? t.link.code), 'link')}
</dl></section>`);
    if (t.certificate) {
      const c = t.certificate;
      parts.push(`<section data-test="certificate"><h2>承诺达标合格证</h2><dl>
${row('证号', escapeHtml(c.certificateNo), 'certificate-no')}
${row('开具日期', escapeHtml(displayDate(c.issuedOn)), 'certificate-date')}
${row('开具依据', escapeHtml(c.basis?.label ?? c.basis?.code ?? ''), 'certificate-basis')}
${row('开具主体', partyText(c.issuer), 'certificate-issuer')}
</dl>${c.commitments.length ? `<p class="muted">承诺：${escapeHtml(c.commitments.map((x) => x.label ?? x.code).join('；'))}</p>` : ''}</section>`);
    }
    if (t.test) {
      const pass = t.test.conclusion.code === 'PASS';
      parts.push(`<section data-test="test"><h2>检测</h2><dl>
${row('结论', `<span class="${pass ? 'pass' : 'fail'}">${escapeHtml(t.test.conclusion.label ?? t.test.conclusion.code)}</span>`, 'test-conclusion')}
${row('方式', escapeHtml(t.test.method?.label ?? ''), 'test-method')}
${row('检测机构', escapeHtml(t.test.agency ?? ''), 'test-agency')}
${row('检测时间', escapeHtml(displayDate(t.test.testedAt)), 'test-date')}
</dl>${t.test.items.length ? `<p class="muted">项目：${escapeHtml(t.test.items.map((i) => `${i.item.label ?? i.item.code}${i.result?.label ? ` ${i.result.label}` : ''}`).join('；'))}</p>` : ''}</section>`);
    }
    const steps = t.steps
      .map(
        (s) =>
          `<li data-test="step" data-step="${escapeHtml(s.kind)}"><time>${escapeHtml(displayDate(s.date))}</time><strong>${escapeHtml(s.label)}</strong>${
            s.region ? ` · ${escapeHtml(regionText(s.region))}` : ''
          }${s.parties.map((p) => `<br><span class="muted">${escapeHtml(p.roleLabel)}：</span>${partyText(p)}`).join('')}${s.detail ? `<br><span class="muted">${escapeHtml(s.detail)}</span>` : ''}</li>`,
      )
      .join('\n');
    parts.push(
      `<section data-test="steps"><h2>流通环节</h2><ol class="steps">\n${steps}\n</ol>${t.truncated ? '<p class="muted">链条较长，仅显示部分环节。</p>' : ''}</section>`,
    );
  }
  parts.push(
    `<section class="qr"><img src="${escapeHtml(opts.qrPath)}" alt="本页二维码" data-test="qr" width="160" height="160"></section>`,
  );
  parts.push(`<footer>仅显示已被国家农产品追溯平台接收的记录；个人姓名已隐去部分字符。</footer>`);
  return shell(`追溯码 ${t.traceCode}`, parts.join('\n'));
}

export function renderNotFoundPage(): string {
  return shell(
    '未找到追溯信息',
    `<header><h1>未找到追溯信息</h1></header>
<section data-test="not-found"><p>没有找到该追溯码的记录。请核对票据或标签上的 20 位追溯码；新产生的记录可能需要一段时间才能查到。</p></section>`,
  );
}

export function renderTooManyRequestsPage(retryAfterSeconds: string | number | undefined): string {
  return shell(
    '请求过于频繁',
    `<header><h1>请求过于频繁</h1></header>
<section data-test="rate-limited"><p>查询次数过多，请${retryAfterSeconds ? ` ${escapeHtml(retryAfterSeconds)} 秒后` : '稍后'}再试。</p></section>`,
  );
}
