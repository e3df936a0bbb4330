/** Number and date display for the pane (figures, chart ticks), in the UI language. */
import type { Figure, ValueKind } from '../../../src/analysis/types.js';
import type { Lang } from '../../../src/types.js';
import { serialToIso } from '../../../src/serial-date.js';

/** A figure's value as text, e.g. `¥1,234`, `12.5%`, `2024-12-31`; `—` when unknown. */
export function formatValue(
  value: number | null,
  kind: ValueKind,
  lang: Lang,
  currency: string,
  decimals?: number,
): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const locale = lang === 'zh-CN' ? 'zh-CN' : 'en-US';
  switch (kind) {
    case 'currency':
      try {
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          maximumFractionDigits: decimals ?? 0,
        }).format(value);
      } catch {
        return `${value.toLocaleString(locale, { maximumFractionDigits: decimals ?? 0 })} ${currency}`;
      }
    case 'percent':
      return `${(value * 100).toLocaleString(locale, { maximumFractionDigits: decimals ?? 1, minimumFractionDigits: decimals ?? 1 })}%`;
    case 'integer':
      return Math.round(value).toLocaleString(locale);
    case 'date':
    case 'datetime':
      return serialToIso(value);
    case 'ratio':
      return value.toLocaleString(locale, { maximumFractionDigits: decimals ?? 2 });
    default:
      return value.toLocaleString(locale, { maximumFractionDigits: decimals ?? 2 });
  }
}

export function formatFigure(f: Figure, lang: Lang, currency: string): string {
  return formatValue(f.value, f.kind, lang, currency, f.decimals);
}
