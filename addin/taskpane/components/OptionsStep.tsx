import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Body1,
  Button,
  Field,
  Input,
  Select,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OptionEditor } from '../../../src/analysis/option-specs.js';
import type { AnalysisCard, ColumnView } from '../../worker/protocol.js';
import { pick } from '../i18n/index.js';
import { usePane } from '../use-pane.js';
import { OptionField } from './options/OptionField.js';
import { splitOptions } from './options/option-values.js';

const useStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  full: { width: '100%', maxWidth: '100%', minWidth: 0 },
  // Long analysis titles wrap inside the pane instead of widening it.
  header: { minWidth: 0, whiteSpace: 'normal', overflowWrap: 'anywhere' },
  panel: { marginLeft: 0, marginRight: 0, minWidth: 0 },
});

/** Roles whose dates set the default as-of date (as in src/run/run.ts `latestDate`). */
const DATE_ROLES: ReadonlySet<string> = new Set(['date', 'timestamp', 'period_start', 'period']);

/** Common ISO currencies offered, after the ones seen in the data. */
const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD', 'TWD', 'SGD', 'AUD', 'CAD'];

type ColumnEditor = Extract<OptionEditor, { kind: 'column' }>;

/** Numeric column types (for pickers of numeric columns). */
const NUMERIC: ReadonlySet<string> = new Set(['integer', 'number', 'currency', 'percent']);

/** One chosen analysis: its plain questions, then the rest under "Advanced", and a reset. */
function AnalysisOptions({ card }: { card: AnalysisCard }) {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  // Inputs keep their own text while typing; a reset remounts them with the defaults.
  const [resets, setResets] = useState(0);
  const values = state.options[card.kind] ?? card.defaults;
  const keys = Object.keys(card.defaults);
  const { basic, advanced } = splitOptions(keys, card.optionSpecs);
  // The columns of the table of a kind, as the Data step has it now (the first table of that kind), with the
  // roles the user confirmed there; a column already chosen is always offered, so it can be unticked.
  const columnsOf = (table: string, editor: ColumnEditor, chosen: unknown): ColumnView[] | null => {
    const source = state.sources.find((v) => state.assignments[v.id]?.kind === table);
    if (!source) return null;
    const roles = state.assignments[source.id].roles;
    const picked = new Set(Array.isArray(chosen) ? chosen.map(String) : typeof chosen === 'string' ? [chosen] : []);
    return source.columns.filter((c) => {
      if (picked.has(c.name)) return true;
      const role = roles[c.header] ?? null;
      if (editor.numeric && !NUMERIC.has(c.type)) return false;
      return !(role && editor.skipRoles?.includes(role));
    });
  };
  const field = (k: string) => {
    const spec = card.optionSpecs?.[k];
    return (
      <OptionField
        key={k}
        name={k}
        value={values[k]}
        fallback={card.defaults[k]}
        spec={spec}
        lang={lang}
        columnsOf={(table) => (spec?.editor?.kind === 'column' ? columnsOf(table, spec.editor, values[k]) : null)}
        tableName={(table) => t(`kinds.${table}`)}
        onChange={(v) => {
          flow.setOption(card.kind, k, v);
        }}
      />
    );
  };
  if (keys.length === 0) return <Body1>{t('options.none')}</Body1>;
  return (
    <div className={styles.group} key={resets}>
      {basic.map(field)}
      {advanced.length > 0 ? (
        <Accordion collapsible>
          <AccordionItem value="advanced">
            <AccordionHeader size="small" className={styles.header}>
              {t('optionEdit.advanced', { n: advanced.length })}
            </AccordionHeader>
            <AccordionPanel className={styles.panel}>
              <div className={styles.group} data-testid={`advanced-${card.kind}`}>
                {advanced.map(field)}
              </div>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      ) : null}
      <div>
        <Button
          size="small"
          appearance="subtle"
          onClick={() => {
            for (const k of keys) flow.setOption(card.kind, k, card.defaults[k]);
            setResets((r) => r + 1);
          }}
        >
          {t('options.reset')}
        </Button>
      </div>
    </div>
  );
}

/** Step 3: as-of date and currency for every analysis, then each chosen analysis's own options. */
export function OptionsStep() {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  // The same rule as the run (src/run latestDate): the latest date in a date, time or period column.
  const latest = state.sources
    .filter((v) => state.assignments[v.id]?.kind)
    .flatMap((v) =>
      v.columns
        .filter((c) => c.latest && DATE_ROLES.has(state.assignments[v.id].roles[c.header] ?? ''))
        .map((c) => c.latest!),
    )
    .sort()
    .at(-1);
  const seen = state.sources.flatMap((v) => v.currencies).filter((c) => /^[A-Z]{3}$/.test(c));
  const currencies = [...new Set([state.currency, ...seen, ...CURRENCIES])];
  const chosen = state.catalogue.filter((c) => state.chosen[c.kind] && state.availability[c.kind]?.ok);
  return (
    <section className={styles.step} aria-label={t('steps.options')} data-testid="step-options">
      <div className={styles.group}>
        <Subtitle2 as="h2">{t('options.common')}</Subtitle2>
        <Field
          label={t('options.asOf')}
          hint={latest ? t('options.asOfHelp', { date: latest }) : t('options.asOfHelpNoDate')}
        >
          <Input
            className={styles.full}
            type="date"
            value={state.asOf}
            onChange={(_, d) => {
              flow.setAsOf(d.value);
            }}
          />
        </Field>
        <Field label={t('options.currency')} hint={t('options.currencyHelp')}>
          <Select
            className={styles.full}
            value={state.currency}
            onChange={(_, d) => {
              flow.setCurrency(d.value);
            }}
          >
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {chosen.length > 0 ? (
        <Accordion multiple collapsible>
          {chosen.map((c) => (
            <AccordionItem key={c.kind} value={c.kind} data-testid={`options-${c.kind}`}>
              <AccordionHeader size="small" className={styles.header}>
                {pick(c.title, lang)}
              </AccordionHeader>
              <AccordionPanel className={styles.panel}>
                <AnalysisOptions card={c} />
              </AccordionPanel>
            </AccordionItem>
          ))}
        </Accordion>
      ) : null}
    </section>
  );
}
