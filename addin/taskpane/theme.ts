/**
 * Fluent UI theme from Office's theme (`Office.context.officeTheme`): dark Office themes get Fluent's dark
 * theme, the others the light one; the body and control colours follow Office's, so the pane matches the
 * light, dark and colourful Office themes.
 */
import { webDarkTheme, webLightTheme } from '@fluentui/react-components';
import type { Theme } from '@fluentui/react-components';
import type { HostTheme } from './host.js';

/** Relative luminance of `#RRGGBB` (0 black … 1 white); 1 for anything unreadable. */
export function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return 1;
  const n = parseInt(m[1], 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}

const color = (hex: string) => (hex.startsWith('#') ? hex : `#${hex}`);

/** WCAG contrast ratio of two colours (1 … 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export function themeFromOffice(office: HostTheme | null): Theme {
  if (!office) return webLightTheme;
  const dark = luminance(office.bodyBackgroundColor) < 0.2;
  const base = dark ? webDarkTheme : webLightTheme;
  // Office's own colours only where they stay readable (WCAG AA); Fluent's otherwise.
  if (contrast(office.bodyBackgroundColor, office.bodyForegroundColor) < 4.5) return base;
  return {
    ...base,
    colorNeutralBackground1: color(office.bodyBackgroundColor),
    colorNeutralForeground1: color(office.bodyForegroundColor),
    colorNeutralBackground3: color(office.controlBackgroundColor),
  };
}
