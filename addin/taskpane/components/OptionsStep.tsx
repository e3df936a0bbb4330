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
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../src/types.js';
import type { OptionSpec } from '../../worker/protocol.js';
import { pick } from '../i18n/index.js';
import { usePane } from '../use-pane.js';

const useStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** Common ISO currencies offered, after the ones seen in the data. */
/** Roles whose dates set the default as-of date (as in src/run/run.ts `latestDate`). */
const DATE_ROLES: ReadonlySet<string> = new Set(['date', 'timestamp', 'period_start', 'period']);

const CURRENCIES = ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD', 'TWD', 'SGD', 'AUD', 'CAD'];

/** `minShareGap` → `Min share gap`: a readable label for an option without a spec. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function JsonField({ label, value, onChange }: { label: string; value: unknown; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  // Lists of plain values stay on one line; nested objects are indented.
  const [text, setText] = useState(() =>
    Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')
      ? JSON.stringify(value)
      : JSON.stringify(value, null, 1),
  );
  const [bad, setBad] = useState(false);
  return (
    <Field label={label} hint={t('options.json')} validationMessage={bad ? t('options.invalidJson') : undefined}>
      <Textarea
        value={text}
        resize="vertical"
        onChange={(_, d) => {
          setText(d.value);
        }}
        onBlur={() => {
          try {
            onChange(JSON.parse(text));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
    </Field>
  );
}

// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
function OptionField({
  name,
  value,
  spec,
  lang,
  onChange,
}: {
  name: string;
  value: unknown;
  spec?: OptionSpec;
  lang: Lang;
  onChange: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const label = spec?.label ? pick(spec.label, lang) : humanize(name);
  const hint = spec?.help ? pick(spec.help, lang) : undefined;
  if (spec?.choices) {
    return (
      <Field label={label} hint={hint}>
        <Select
          value={String(value)}
          onChange={(_, d) => {
            const choice = spec.choices!.find((c) => String(c.value) === d.value);
            onChange(choice ? choice.value : d.value);
          }}
        >
          {spec.choices.map((c) => (
            <option key={String(c.value)} value={String(c.value)}>
              {pick(c.label, lang)}
            </option>
          ))}
        </Select>
      </Field>
    );
  }
  if (typeof value === 'boolean') {
    return (
      <Field label={label} hint={hint}>
        <Switch
          checked={value}
          label={value ? t('options.yes') : t('options.no')}
          onChange={(_, d) => {
            onChange(d.checked);
          }}
        />
      </Field>
    );
  }
  if (typeof value === 'number') {
    return (
      <Field label={label} hint={hint}>
        <Input
          type="number"
          defaultValue={String(value)}
          min={spec?.min}
          max={spec?.max}
          step={spec?.step ?? 'any'}
          onChange={(_, d) => {
            const n = Number(d.value);
            if (d.value.trim() !== '' && Number.isFinite(n)) onChange(n);
          }}
        />
      </Field>
    );
  }
  if (value === null) {
    // "Automatic" options (null = let the analysis decide): empty stays null, numbers become numbers.
    return (
      <Field label={label} hint={hint ?? t('options.automaticHint')}>
        <Input
          placeholder={t('options.automatic')}
          onChange={(_, d) => {
            const v = d.value.trim();
            onChange(v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : v);
          }}
        />
      </Field>
    );
  }
  if (typeof value === 'string') {
    return (
      <Field label={label} hint={hint}>
        <Input
          defaultValue={value}
          onChange={(_, d) => {
            onChange(d.value);
          }}
        />
      </Field>
    );
  }
  return <JsonField label={label} value={value} onChange={onChange} />;
}

/** Step 3: as-of date and currency for every analysis, then each chosen analysis's own options. */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function OptionsStep() {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  // Inputs keep their own text while typing; a reset remounts them with the defaults.
  const [resets, setResets] = useState<Record<string, number>>({});
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
    <section className={styles.step} aria-label={t('steps.options')}>
      <div className={styles.group}>
        <Subtitle2 as="h2">{t('options.common')}</Subtitle2>
        <Field
          label={t('options.asOf')}
          hint={latest ? t('options.asOfHelp', { date: latest }) : t('options.asOfHelpNoDate')}
        >
          <Input
            type="date"
            value={state.asOf}
            onChange={(_, d) => {
              flow.setAsOf(d.value);
            }}
          />
        </Field>
        <Field label={t('options.currency')} hint={t('options.currencyHelp')}>
          <Select
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
          {chosen.map((c) => {
            const values = state.options[c.kind] ?? c.defaults;
            const keys = Object.keys(c.defaults);
            return (
              <AccordionItem key={c.kind} value={c.kind}>
                <AccordionHeader size="small">{pick(c.title, lang)}</AccordionHeader>
                <AccordionPanel>
                  <div className={styles.group} key={resets[c.kind] ?? 0}>
                    {keys.length === 0 ? <Body1>{t('options.none')}</Body1> : null}
                    {keys.map((k) => (
                      <OptionField
                        key={k}
                        name={k}
                        value={values[k]}
                        spec={c.optionSpecs?.[k]}
                        lang={lang}
                        onChange={(v) => {
                          flow.setOption(c.kind, k, v);
                        }}
                      />
                    ))}
                    {keys.length > 0 ? (
                      <Button
                        size="small"
                        appearance="subtle"
                        onClick={() => {
                          for (const k of keys) flow.setOption(c.kind, k, c.defaults[k]);
                          setResets((r) => ({ ...r, [c.kind]: (r[c.kind] ?? 0) + 1 }));
                        }}
                      >
                        {t('options.reset')}
                      </Button>
                    ) : null}
                  </div>
                </AccordionPanel>
              </AccordionItem>
            );
          })}
        </Accordion>
      ) : null}
    </section>
  );
}
