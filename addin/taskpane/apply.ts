/**
 * The plan applier the pane uses: addin/office's all-or-nothing applier (issue 4). Until it lands, the
 * pane says in words that writing is not available.
 */
import { HostError } from './host.js';
import type { PlanApplier } from './office-host.js';

export const applyWithOffice: PlanApplier = () =>
  Promise.reject(
    new HostError(
      'pane.no-applier',
      { en: 'Writing results is not available in this build.', 'zh-CN': '此版本无法写入结果。' },
      { en: 'Use the playground or the command line for now.', 'zh-CN': '请暂时使用演示环境或命令行。' },
    ),
  );
