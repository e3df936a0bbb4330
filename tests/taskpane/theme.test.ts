// The pane follows Office's theme: dark Office themes get Fluent's dark theme, light and colourful ones
// the light theme, with Office's body colours where they stay readable.
import { describe, expect, it } from 'vitest';
import { webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { contrast, luminance, themeFromOffice } from '../../addin/taskpane/theme.js';

// Office's theme colours as Office.context.officeTheme reports them (Office 365 black, white, colourful).
const black = {
  bodyBackgroundColor: '#262626',
  bodyForegroundColor: '#FFFFFF',
  controlBackgroundColor: '#363636',
  controlForegroundColor: '#FFFFFF',
};
const white = {
  bodyBackgroundColor: '#FFFFFF',
  bodyForegroundColor: '#262626',
  controlBackgroundColor: '#FFFFFF',
  controlForegroundColor: '#262626',
};
const colourful = {
  bodyBackgroundColor: '#E6E6E6',
  bodyForegroundColor: '#262626',
  controlBackgroundColor: '#FFFFFF',
  controlForegroundColor: '#262626',
};

describe('Office theme', () => {
  it('luminance and WCAG contrast (black on white is 21:1 by definition)', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#FFFFFF')).toBeCloseTo(1, 10);
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 10);
  });

  it('dark, white and colourful Office themes', () => {
    const dark = themeFromOffice(black);
    expect(dark.colorBrandBackground).toBe(webDarkTheme.colorBrandBackground);
    expect(dark.colorNeutralBackground1).toBe('#262626');
    const light = themeFromOffice(white);
    expect(light.colorBrandBackground).toBe(webLightTheme.colorBrandBackground);
    expect(themeFromOffice(colourful).colorNeutralBackground1).toBe('#E6E6E6');
  });

  it('no theme, or unreadable colours, fall back to Fluent', () => {
    expect(themeFromOffice(null)).toBe(webLightTheme);
    expect(themeFromOffice({ ...white, bodyForegroundColor: '#EEEEEE' })).toBe(webLightTheme);
  });
});
