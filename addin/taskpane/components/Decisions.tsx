/**
 * The Data step's "What Loopbook decided" for one table: the format it was read as, its statuses with their orders
 * and money, its periods, exchange rates and grain — the command line's lines — each with the change it allows; and
 * the question when two columns could take a money role.
 */
import {
  Body1,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatusClass } from '../../../src/ingest/types.js';
import type { AmbiguousView, StatusView, TableDecisions } from '../../worker/protocol.js';
import { pick } from '../i18n/index.js';
import { usePaneContext } from '../use-pane.js';
import { STATUS_CHOICES } from '../decisions.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  group: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, minWidth: 0 },
  line: { overflowWrap: 'anywhere', margin: 0 },
  heading: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  status: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    minWidth: 0,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `2px solid ${tokens.colorNeutralStroke2}`,
  },
  // A native select is as wide as its longest option unless told otherwise: keep it inside the 350 px pane.
  select: { width: '100%', minWidth: 0, '& select': { minWidth: 0, width: '100%' } },
  field: { minWidth: 0 },
  counted: { borderLeftColor: tokens.colorPaletteGreenBorder2 },
});

const COUNTED: ReadonlySet<StatusClass | null> = new Set<StatusClass | null>([
  'paid',
  'won',
  'partially_refunded',
  null,
]);

/** A column as the question names it: its header and letter. */
function useColumnName(): (c: { header: string; letter: string }) => string {
  const { t } = useTranslation();
  return (c) => t('decided.column', { header: c.header, letter: c.letter });
}

/** "Which column is the amount?": both columns named, the first taken until the user picks. */
export function AmbiguousQuestion({
  id,
  item,
  readChosen,
}: {
  id: string;
  item: AmbiguousView;
  /** The candidate holding the role as the table reads (the first): the user has not picked while it still does. */
  readChosen: string | null;
}) {
  const { t } = useTranslation();
  const { flow } = usePaneContext();
  const name = useColumnName();
  const role = t(`roles.${item.role}`);
  const [first, second] = item.candidates;
  // The pick shows at once: the table is read again in the worker before item.chosen says it (a controlled radio
  // left as it was until then, which on a big sheet looked like a click that did nothing).
  const [picked, setPicked] = useState<string | null>(null);
  useEffect(() => {
    setPicked(null);
  }, [item.chosen]);
  const chosen = item.candidates.find((c) => c.header === item.chosen);
  const text =
    chosen && item.chosen !== readChosen
      ? t('decided.picked', { chosen: name(chosen), role })
      : t('decided.ambiguous', {
          first: name(first),
          second: name(second),
          role,
          chosen: name(chosen ?? first),
        });
  return (
    <MessageBar intent="warning" layout="multiline" data-testid={`ambiguous-${item.role}`}>
      <MessageBarBody>
        <MessageBarTitle>{t('decided.whichColumn', { role })}</MessageBarTitle>
        {text}
        <RadioGroup
          aria-label={t('decided.whichColumn', { role })}
          value={picked ?? item.chosen ?? ''}
          onChange={(_, d) => {
            setPicked(d.value);
            flow.setRole(id, d.value, item.role);
          }}
        >
          {item.candidates.map((c) => (
            <Radio key={c.header} value={c.header} label={name(c)} />
          ))}
        </RadioGroup>
      </MessageBarBody>
    </MessageBar>
  );
}

/** One status line with the choice of what the status means. */
function StatusLine({ id, status }: { id: string; status: StatusView }) {
  const { t } = useTranslation();
  const { flow, lang } = usePaneContext();
  const styles = useStyles();
  const counted = COUNTED.has(status.cls);
  return (
    <div
      className={counted ? `${styles.status} ${styles.counted}` : styles.status}
      data-testid="status-line"
      data-status={status.value}
    >
      <Body1 className={styles.line} data-testid="status-text">
        {pick(status.text, lang)}
      </Body1>
      <Field label={t('decided.meaning', { value: status.value })} size="small" className={styles.field}>
        <Select
          size="small"
          className={styles.select}
          value={status.cls ?? ''}
          onChange={(_, d) => {
            if (d.value) flow.setStatus(id, status.value, d.value as StatusClass);
          }}
        >
          {status.cls === null ? <option value="">{t('decided.unknown')}</option> : null}
          {STATUS_CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`decided.cls.${c}`)}
            </option>
          ))}
        </Select>
      </Field>
    </div>
  );
}

/**
 * The year of a wide sheet's period headers: said when the headers name none (read in the as-of date's year until
 * given) or when the user gave one; a four-digit year is used as typed, an empty box takes it back.
 */
function YearLine({ id, year }: { id: string; year: NonNullable<TableDecisions['year']> }) {
  const { t } = useTranslation();
  const { flow } = usePaneContext();
  const styles = useStyles();
  const [text, setText] = useState(year.given === null ? '' : String(year.given));
  if (!year.missing && year.given === null) return null;
  const typed = text.trim();
  const valid = typed === '' || (/^\d{4}$/.test(typed) && Number(typed) >= 1900);
  return (
    <div className={styles.group} data-testid="year-line">
      <Caption1 as="p" className={styles.line} data-testid="year-text">
        {year.given === null ? t('decided.yearMissing') : t('decided.yearGiven', { year: year.given })}
      </Caption1>
      <Field
        label={t('decided.year')}
        size="small"
        className={styles.field}
        validationState={valid ? 'none' : 'error'}
        validationMessage={valid ? undefined : t('decided.yearInvalid')}
      >
        <Input
          size="small"
          inputMode="numeric"
          placeholder="2024"
          value={text}
          onChange={(_, d) => {
            setText(d.value);
            const v = d.value.trim();
            if (v === '') flow.setPeriodYear(id, null);
            else if (/^\d{4}$/.test(v) && Number(v) >= 1900) flow.setPeriodYear(id, Number(v));
          }}
        />
      </Field>
    </div>
  );
}

/** The lines of one group (periods, money), under a small heading. */
function Lines({ title, lines, testId }: { title: string; lines: TableDecisions['periods']; testId: string }) {
  const { lang } = usePaneContext();
  const styles = useStyles();
  if (lines.length === 0) return null;
  return (
    <div className={styles.group} data-testid={testId}>
      <Caption1 as="p" className={styles.heading}>
        {title}
      </Caption1>
      {lines.map((l, i) => (
        <Caption1 as="p" key={i} className={styles.line}>
          {pick(l, lang)}
        </Caption1>
      ))}
    </div>
  );
}

/** Everything Loopbook decided about one table, with the changes it allows. */
export function Decisions({ id, decisions: d }: { id: string; decisions: TableDecisions }) {
  const { t } = useTranslation();
  const { flow, lang } = usePaneContext();
  const styles = useStyles();
  const recognised = d.format.recognised;
  return (
    <div className={styles.list} data-testid="decisions">
      <div className={styles.group}>
        <Caption1 as="p" className={styles.line} data-testid="format-line">
          {pick(d.format.text, lang)}
        </Caption1>
        {recognised ? (
          <Field label={t('decided.readAs')} size="small" className={styles.field}>
            <Select
              size="small"
              className={styles.select}
              value={d.format.using}
              onChange={(_, x) => {
                void flow.setFormat(id, x.value);
              }}
            >
              <option value={recognised.id}>{pick(recognised.name, lang)}</option>
              <option value="none">{t('decided.generalRules')}</option>
            </Select>
          </Field>
        ) : null}
      </div>
      {d.statuses.length > 0 ? (
        <div className={styles.group} data-testid="statuses">
          <Caption1 as="p" className={styles.heading}>
            {t('decided.statuses')}
          </Caption1>
          {d.totals ? (
            <Body1 className={styles.line} data-testid="status-totals">
              {t(d.totals.deals ? 'decided.totalsDeals' : 'decided.totals', {
                amount: d.totals.counted.money,
                n: d.totals.counted.orders.toLocaleString(lang),
                leftAmount: d.totals.left.money,
                left: d.totals.left.orders.toLocaleString(lang),
              })}
            </Body1>
          ) : null}
          {d.statuses.map((s) => (
            <StatusLine key={s.value} id={id} status={s} />
          ))}
        </div>
      ) : null}
      <Lines title={t('decided.periods')} lines={d.periods} testId="period-lines" />
      {d.year ? <YearLine id={id} year={d.year} /> : null}
      <Lines title={t('decided.money')} lines={d.money} testId="money-lines" />
    </div>
  );
}
