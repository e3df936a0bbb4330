import { FluentProvider, Subtitle2, Text, Title3, webLightTheme } from '@fluentui/react-components';
import type { HostInfo } from '../office/ready.js';

const TEXT = {
  en: {
    tagline: 'Closed-loop customer and marketing analysis in your workbook.',
    inExcel: 'Connected to Excel.',
    outside: 'Not running inside Excel: open Loopbook from the Home tab in Excel, or use the playground.',
  },
  'zh-CN': {
    tagline: '在工作簿中完成用户与营销的闭环分析。',
    inExcel: '已连接到 Excel。',
    outside: '当前不在 Excel 中运行：请在 Excel 的“开始”选项卡中打开 Loopbook，或使用演示环境。',
  },
} as const;

/** The task pane's root. */
export function App({ host }: { host: HostInfo }) {
  const lang = host.displayLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
  const t = TEXT[lang];
  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main style={{ padding: 16, display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="app-root">
        <Title3 as="h1">Loopbook</Title3>
        <Subtitle2>{t.tagline}</Subtitle2>
        <Text role="status">{host.host === 'excel' ? t.inExcel : t.outside}</Text>
      </main>
    </FluentProvider>
  );
}
