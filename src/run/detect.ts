/**
 * Without a recipe, Loopbook decides for the user: which table plays which part, and which analyses the
 * data supports. Every decision comes with its reason, so the command line can print it and the task pane
 * can show it for confirmation.
 */
import type { Dataset, Role, TableKind } from '../ingest/types.js';
import { zhKind } from '../ingest/diagnostics.js';
import type { AnalysisInputs } from '../analysis/registry-types.js';
import { ANALYSES, canRun } from '../analysis/registry.js';
import { RECIPE_VERSION } from '../recipe/types.js';
import { moneyDecisions } from './money-decisions.js';
import type { Recipe, Source } from '../recipe/types.js';
import type { I18nText, Lang } from '../types.js';
import { understood } from './decisions.js';

export interface Decision {
  subject: string;
  text: I18nText;
}

/** The best dataset of each kind: highest kind confidence, then most rows. */
export function pickInputs(datasets: readonly Dataset[]): AnalysisInputs {
  const inputs: AnalysisInputs = {};
  for (const ds of datasets) {
    if (!ds.kind || ds.table.numRows() === 0) continue;
    const current = inputs[ds.kind];
    if (
      !current ||
      ds.kindConfidence > current.kindConfidence ||
      (ds.kindConfidence === current.kindConfidence && ds.table.numRows() > current.table.numRows())
    ) {
      inputs[ds.kind] = ds;
    }
  }
  return inputs;
}

/** A stable source id for a dataset: its kind. */
export function sourceOf(ds: Dataset & { kind: TableKind }, range?: string): Source {
  const roles: Record<string, Role | null> = {};
  for (const c of ds.columns) roles[c.header] = c.role;
  return {
    id: ds.kind,
    sheet: ds.sheet,
    ...(range ? { range } : {}),
    ...(ds.tableName ? { table: ds.tableName } : {}),
    kind: ds.kind,
    roles,
    // The format recognised, kept so a refresh (by a colleague, by a later Loopbook) reads the sheet the same way.
    ...(ds.format ? { format: ds.format.id } : {}),
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The roles in the words the task pane's Chinese catalogue uses (a test keeps the two alike). */
export const ZH_ROLES: Record<Role, string> = {
  customer_id: '客户ID',
  channel: '渠道',
  campaign: '活动',
  amount: '金额',
  date: '日期',
  attribute: '属性（用于分组）',
  order_id: '订单号',
  quantity: '数量',
  unit_price: '单价',
  status: '状态',
  signup_date: '注册日期',
  acquisition_channel: '获客渠道',
  spend: '花费',
  impressions: '曝光',
  clicks: '点击',
  conversions: '转化',
  revenue: '收入',
  period_start: '周期开始',
  period_end: '周期结束',
  timestamp: '时间',
  event: '事件',
  converted: '是否转化',
  value: '价值',
  unit_id: '实验单位ID',
  arm: '组别',
  outcome: '结果指标',
  covariate: '前期协变量',
  vendor: '供应商',
  campaign_ref: '活动编号',
  invoice_id: '发票号',
  invoice_date: '开票日期',
  description: '摘要',
  currency: '币种',
  tax: '税额',
  period: '期间',
  reach: '覆盖人数',
  budget: '预算',
  cost_per_result: '单次成果成本',
  refunded_amount: '退款金额',
  rate: '汇率',
};

/** Which column plays which role: `amount = 实付金额`, `“实付金额”为金额`. */
function roleLine(role: Role, header: string, lang: Lang): string {
  return lang === 'zh-CN' ? `“${header}”为${ZH_ROLES[role]}` : `${role} = ${header}`;
}

/**
 * Proposes a recipe for `datasets`: one source per table kind and every analysis the data supports.
 * `ranges` gives the A1 range each dataset came from, keyed by sheet name.
 */
export function detectRecipe(
  datasets: readonly Dataset[],
  opts: { asOf: string | null; currency: string; lang: Lang; ranges?: Record<string, string> },
): { recipe: Recipe; inputs: AnalysisInputs; decisions: Decision[] } {
  const inputs = pickInputs(datasets);
  const decisions: Decision[] = [];
  for (const ds of datasets) {
    const chosen = ds.kind && inputs[ds.kind] === ds;
    const roled = ds.columns.filter((c) => c.role && c.role !== 'attribute');
    const roles = (lang: Lang) => roled.map((c) => roleLine(c.role as Role, c.header, lang));
    decisions.push({
      subject: ds.sheet,
      text: chosen
        ? {
            en: `${ds.sheet}: read as ${ds.kind} (${pct(ds.kindConfidence)} sure), ${ds.table.numRows()} rows; ${roles('en').join(', ')}`,
            'zh-CN': `${ds.sheet}：识别为${zhKind(ds.kind ?? undefined)}（置信度 ${pct(ds.kindConfidence)}），${ds.table.numRows()} 行；${roles('zh-CN').join('，')}`,
          }
        : ds.kind
          ? {
              en: `${ds.sheet}: also looks like ${ds.kind}, but another sheet fits better; not used`,
              'zh-CN': `${ds.sheet}：也像${zhKind(ds.kind)}，但另一张表更匹配；未使用`,
            }
          : {
              en: `${ds.sheet}: not recognised as any input table; not used`,
              'zh-CN': `${ds.sheet}：未识别为任何输入表；未使用`,
            },
    });
    if (chosen) decisions.push(...understood(ds, { currency: opts.currency }));
  }
  decisions.push(...moneyDecisions(inputs, opts.currency));
  const analyses: Recipe['analyses'] = [];
  for (const def of ANALYSES) {
    const check = canRun(def, inputs);
    if (check.ok) {
      analyses.push({ kind: def.kind, enabled: true, options: { ...def.defaults } });
      decisions.push({
        subject: def.kind,
        text: {
          en: `Run ${def.title.en}: ${def.question.en}`,
          'zh-CN': `运行“${def.title['zh-CN']}”：${def.question['zh-CN']}`,
        },
      });
    } else {
      decisions.push({
        subject: def.kind,
        text: {
          en: `Skip ${def.title.en}: ${check.needs.en}`,
          'zh-CN': `跳过“${def.title['zh-CN']}”：${check.needs['zh-CN']}`,
        },
      });
    }
  }
  const sources = Object.values(inputs).map((ds) =>
    sourceOf(ds as Dataset & { kind: TableKind }, opts.ranges?.[ds.sheet]),
  );
  const recipe: Recipe = {
    loopbook: 'recipe',
    version: RECIPE_VERSION,
    sources,
    analyses,
    asOf: opts.asOf,
    currency: opts.currency,
    lang: opts.lang,
  };
  return { recipe, inputs, decisions };
}
