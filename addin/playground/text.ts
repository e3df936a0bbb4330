/**
 * The playground's own words (its header and the workbook viewer), in the Office display language the
 * page was opened with (`?lang=zh-CN`, else the browser's); the task pane inside it has its own i18next
 * catalogue (addin/taskpane/i18n).
 */
import { langFromDisplay } from '../taskpane/i18n/index.js';

export interface PlaygroundText {
  title: string;
  loading: string;
  open: string;
  workbook: string;
  sheets: string;
  pane: string;
  editCell: string;
}

const EN: PlaygroundText = {
  title: 'Loopbook playground',
  loading: 'Loading the sample workbook…',
  open: 'Open .xlsx…',
  workbook: 'Workbook',
  sheets: 'Sheets',
  pane: 'Loopbook task pane',
  editCell: 'New value for',
};

const ZH: PlaygroundText = {
  title: 'Loopbook 演示台',
  loading: '正在加载示例工作簿…',
  open: '打开 .xlsx…',
  workbook: '工作簿',
  sheets: '工作表',
  pane: 'Loopbook 任务窗格',
  editCell: '新的单元格值：',
};

/** Chinese for any Chinese display language, English otherwise (the pane's own rule). */
export function playgroundText(displayLanguage: string): PlaygroundText {
  return langFromDisplay(displayLanguage) === 'zh-CN' ? ZH : EN;
}
