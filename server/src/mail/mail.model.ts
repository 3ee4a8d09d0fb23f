import type { Locale } from '@skriptoteket/contracts';
import type { MailContent, MailMessage } from './mail.ports';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** Renders a mail's content in one language as plain text and as HTML (every value escaped). */
export function renderMail(to: string, locale: Locale, content: MailContent): MailMessage {
  const subject = content.subject[locale];
  const before = [...(content.greeting ? [content.greeting] : []), ...content.paragraphs].map(
    (t) => t[locale],
  );
  const after = (content.after ?? []).map((t) => t[locale]);
  const action = content.action ? { label: content.action.label[locale], url: content.action.url } : null;

  const textParts = [...before];
  if (action) textParts.push(`${action.label}:\n${action.url}`);
  textParts.push(...after, 'Skriptoteket');

  const paragraph = (value: string) => `<p style="margin:0 0 16px">${escapeHtml(value)}</p>`;
  const button = action
    ? `<p style="margin:0 0 16px"><a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;` +
      `background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;font-size:13px;color:#475569;word-break:break-all">${escapeHtml(action.url)}</p>`
    : '';
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#0f172a;max-width:560px;` +
    `margin:0 auto;padding:24px">${before.map(paragraph).join('')}${button}${after.map(paragraph).join('')}` +
    `<p style="margin:24px 0 0;color:#475569">Skriptoteket</p></body></html>`;
  return { to, subject, text: `${textParts.join('\n\n')}\n`, html };
}
