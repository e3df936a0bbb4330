/**
 * Controls for option values that are more than one number or word: a number with its bounds (and as a
 * percentage), named fields of an object, a list, a map of typed names, a table of rows, columns of a table,
 * a day, and a choice with "other". Each keeps what the user types, shows why a value is refused (and keeps
 * the previous value), and hands on only values of the option's own shape.
 */
import {
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  Label,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { FieldSpec } from '../../../../src/analysis/option-specs.js';
import type { I18nText, Lang } from '../../../../src/types.js';
import type { ColumnView } from '../../../worker/protocol.js';
import { pick } from '../../i18n/index.js';
import {
  entriesToMap,
  isoToSerial,
  mapEntries,
  readNumber,
  serialToIso,
  shownNumber,
  type MapEntry,
  type NumberProblem,
} from './option-values.js';

export const useEditorStyles = makeStyles({
  full: { width: '100%', maxWidth: '100%', minWidth: 0, boxSizing: 'border-box' },
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    minWidth: 0,
    maxWidth: '100%',
  },
  inner: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingLeft: tokens.spacingHorizontalM,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
  },
  line: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalXS, minWidth: 0 },
  cell: { flex: '1 1 0', minWidth: 0 },
  hint: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1 },
  checks: { display: 'flex', flexDirection: 'column', minWidth: 0 },
});

/** The message for a refused number, with "the previous value is kept". */
export function numberMessage(t: TFunction, p: NumberProblem): string {
  return `${t(`optionEdit.${p.key}`, p)} ${t('optionEdit.kept')}`;
}

/** A labelled group of controls (one option made of several values). */
export function Group({
  label,
  hint,
  error,
  plain,
  children,
}: {
  label: string;
  hint?: string;
  error?: string | null;
  /** No indented block: the controls line up with single fields (a select with its "other" box). */
  plain?: boolean;
  children: ReactNode;
}) {
  const styles = useEditorStyles();
  const id = useId();
  return (
    <div role="group" aria-labelledby={id} className={styles.group}>
      <Label id={id}>{label}</Label>
      {hint ? <Caption1 className={styles.hint}>{hint}</Caption1> : null}
      <div className={plain ? styles.group : styles.inner}>{children}</div>
      {error ? (
        <Caption1 role="alert" className={styles.error}>
          {error}
        </Caption1>
      ) : null}
    </div>
  );
}

/** A number field: shown in the user's unit (percent or plain), checked against its bounds as typed. */
export function NumberBox({
  label,
  hint,
  value,
  field,
  nullable,
  onValue,
}: {
  label: string;
  hint?: string;
  value: number | null;
  field: Pick<FieldSpec, 'min' | 'max' | 'step' | 'percent'>;
  nullable?: boolean;
  onValue: (v: number | null) => void;
}) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  const [text, setText] = useState(value === null || value === undefined ? '' : shownNumber(value, field.percent));
  const [problem, setProblem] = useState<string | null>(null);
  const unit = (n: number | undefined) => (n === undefined ? undefined : Number(shownNumber(n, field.percent)));
  return (
    <Field
      label={label}
      hint={hint}
      validationState={problem ? 'error' : 'none'}
      validationMessage={problem ?? undefined}
    >
      <Input
        className={styles.full}
        type="number"
        value={text}
        min={unit(field.min)}
        max={unit(field.max)}
        step={field.step === undefined ? 'any' : unit(field.step)}
        placeholder={nullable ? t('options.automatic') : undefined}
        contentAfter={field.percent ? <span aria-hidden>%</span> : undefined}
        onChange={(_, d) => {
          setText(d.value);
          const r = readNumber(d.value, field);
          if ('problem' in r) setProblem(numberMessage(t, r.problem));
          else if (r.value === null && !nullable) setProblem(numberMessage(t, { key: 'number' }));
          else {
            setProblem(null);
            onValue(r.value);
          }
        }}
      />
    </Field>
  );
}

/** A text field; with `nullable`, empty means "Loopbook decides" (null). */
export function TextBox({
  label,
  hint,
  value,
  nullable,
  placeholder,
  onValue,
}: {
  label: string;
  hint?: string;
  value: string | null;
  nullable?: boolean;
  placeholder?: string;
  onValue: (v: string | null) => void;
}) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  const [text, setText] = useState(value ?? '');
  return (
    <Field label={label} hint={hint}>
      <Input
        className={styles.full}
        value={text}
        placeholder={placeholder ?? (nullable ? t('options.automatic') : undefined)}
        onChange={(_, d) => {
          setText(d.value);
          onValue(nullable && d.value.trim() === '' ? null : d.value);
        }}
      />
    </Field>
  );
}

/** An object with named fields (numbers or texts), each its own labelled box. */
export function FieldsEditor({
  label,
  hint,
  value,
  fields,
  lang,
  onValue,
}: {
  label: string;
  hint?: string;
  value: Record<string, unknown>;
  fields: Readonly<Record<string, FieldSpec>>;
  lang: Lang;
  onValue: (v: Record<string, unknown>) => void;
}) {
  const [current, setCurrent] = useState(value);
  const set = (k: string, v: unknown) => {
    const next = { ...current, [k]: v };
    setCurrent(next);
    onValue(next);
  };
  return (
    <Group label={label} hint={hint}>
      {Object.entries(fields).map(([k, f]) =>
        f.type === 'text' ? (
          <TextBox
            key={k}
            label={pick(f.label, lang)}
            value={typeof current[k] === 'string' ? current[k] : ''}
            onValue={(v) => {
              set(k, v ?? '');
            }}
          />
        ) : (
          <NumberBox
            key={k}
            label={pick(f.label, lang)}
            hint={f.help ? pick(f.help, lang) : undefined}
            value={typeof current[k] === 'number' ? current[k] : null}
            field={f}
            onValue={(v) => {
              set(k, v);
            }}
          />
        ),
      )}
    </Group>
  );
}

/** The typed text of one cell of a list, map or table editor. */
const cellText = (v: unknown, f: FieldSpec) =>
  typeof v === 'number' ? shownNumber(v, f.percent) : typeof v === 'string' ? v : '';

/** Why a text does not fit its field's pattern, with the field's example. */
function patternMessage(t: TFunction, name: string, f: FieldSpec): string {
  return t('optionEdit.pattern', { what: name, example: f.example ?? f.placeholder?.en ?? '' });
}

/** The value of one typed cell, or the message why not. */
function readCell(t: TFunction, text: string, f: FieldSpec, name: string): { value: unknown } | { problem: string } {
  if (f.type === 'text') {
    if (text.trim() === '')
      return f.optional ? { value: undefined } : { problem: t('optionEdit.fill', { what: name }) };
    if (f.pattern && !new RegExp(f.pattern).test(text.trim())) return { problem: patternMessage(t, name, f) };
    return { value: text.trim() };
  }
  const r = readNumber(text, f);
  if ('problem' in r) return { problem: `${name}: ${t(`optionEdit.${r.problem.key}`, r.problem)}` };
  if (r.value === null) return f.optional ? { value: undefined } : { problem: t('optionEdit.fill', { what: name }) };
  return { value: r.value };
}

/** One row of typed cells, as a line of boxes with a remove button. */
function CellsLine({
  cells,
  texts,
  index,
  lang,
  onText,
  onRemove,
}: {
  cells: readonly [string, FieldSpec][];
  texts: Record<string, string>;
  index: number;
  lang: Lang;
  onText: (key: string, text: string) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  return (
    <div className={styles.line}>
      {cells.map(([k, f]) => (
        <Field key={k} className={styles.cell} label={index === 0 ? pick(f.label, lang) : undefined}>
          <Input
            className={styles.full}
            aria-label={`${pick(f.label, lang)} ${index + 1}`}
            type={f.type === 'text' ? 'text' : 'number'}
            step={f.type === 'text' ? undefined : 'any'}
            value={texts[k] ?? ''}
            placeholder={f.placeholder ? pick(f.placeholder, lang) : undefined}
            contentAfter={f.percent ? <span aria-hidden>%</span> : undefined}
            onChange={(_, d) => {
              onText(k, d.value);
            }}
          />
        </Field>
      ))}
      {onRemove ? (
        <Button
          appearance="subtle"
          size="small"
          aria-label={t('optionEdit.remove', { n: index + 1 })}
          title={t('optionEdit.remove', { n: index + 1 })}
          onClick={onRemove}
        >
          ✕
        </Button>
      ) : null}
    </div>
  );
}

/**
 * Lines of typed cells (a list, a map or a table). `read` turns all lines' texts into the option's value or
 * a message; a value is handed on only when every line reads.
 */
function LinesEditor({
  label,
  hint,
  cells,
  initial,
  fixed,
  lang,
  read,
  onValue,
}: {
  label: string;
  hint?: string;
  cells: readonly [string, FieldSpec][];
  initial: Record<string, string>[];
  fixed?: boolean;
  lang: Lang;
  read: (lines: Record<string, string>[]) => { value: unknown } | { problem: string };
  onValue: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const [lines, setLines] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const update = (next: Record<string, string>[]) => {
    setLines(next);
    const r = read(next);
    if ('problem' in r) setProblem(`${r.problem} ${t('optionEdit.kept')}`);
    else {
      setProblem(null);
      onValue(r.value);
    }
  };
  return (
    <Group label={label} hint={hint} error={problem}>
      {lines.length === 0 ? <Caption1>{t('optionEdit.none')}</Caption1> : null}
      {lines.map((line, i) => (
        <CellsLine
          key={i}
          cells={cells}
          texts={line}
          index={i}
          lang={lang}
          onText={(k, text) => {
            update(lines.map((l, j) => (j === i ? { ...l, [k]: text } : l)));
          }}
          onRemove={
            fixed
              ? undefined
              : () => {
                  update(lines.filter((_, j) => j !== i));
                }
          }
        />
      ))}
      {fixed ? null : (
        <div>
          <Button
            size="small"
            onClick={() => {
              setLines([...lines, {}]);
            }}
          >
            {t('optionEdit.add')}
          </Button>
        </div>
      )}
    </Group>
  );
}

/** A list of numbers or texts; with `labels`, a fixed number of entries each with its own label. */
export function ListEditor({
  label,
  hint,
  value,
  item,
  labels,
  lang,
  onValue,
}: {
  label: string;
  hint?: string;
  value: unknown[];
  item: FieldSpec;
  labels?: readonly I18nText[];
  lang: Lang;
  onValue: (v: unknown[]) => void;
}) {
  const { t } = useTranslation();
  if (labels) {
    // A fixed-length list reads as separate fields (first window, second window).
    return (
      <Group label={label} hint={hint}>
        {labels.map((l, i) => (
          <NumberBox
            key={i}
            label={pick(l, lang)}
            value={typeof value[i] === 'number' ? value[i] : null}
            field={item}
            onValue={(v) => {
              onValue(value.map((x, j) => (j === i ? v : x)));
            }}
          />
        ))}
      </Group>
    );
  }
  const name = pick(item.label, lang);
  return (
    <LinesEditor
      label={label}
      hint={hint}
      cells={[['v', item]]}
      initial={value.map((v) => ({ v: cellText(v, item) }))}
      lang={lang}
      onValue={(v) => {
        onValue(v as unknown[]);
      }}
      read={(lines) => {
        const out: unknown[] = [];
        for (const l of lines) {
          if ((l.v ?? '').trim() === '') continue; // an empty new line is not an entry yet
          const r = readCell(t, l.v, item, name);
          if ('problem' in r) return r;
          out.push(r.value);
        }
        if (out.length === 0 && item.type !== 'text') return { problem: t('optionEdit.keepOne') };
        return { value: out };
      }}
    />
  );
}

/** Typed names → a value or a few fields each (vendor → channel, channel → spend limits, group → share). */
export function MapEditor({
  label,
  hint,
  value,
  keyField,
  valueField,
  fields,
  nullWhenEmpty,
  lang,
  onValue,
}: {
  label: string;
  hint?: string;
  value: unknown;
  keyField: FieldSpec;
  valueField?: FieldSpec;
  fields?: Readonly<Record<string, FieldSpec>>;
  nullWhenEmpty: boolean;
  lang: Lang;
  onValue: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const valueCells: [string, FieldSpec][] = fields ? Object.entries(fields) : [['value', valueField!]];
  const cells: [string, FieldSpec][] = [['key', keyField], ...valueCells];
  const initial = mapEntries(value).map((e) => {
    const line: Record<string, string> = { key: e.key };
    if (fields) for (const [k, f] of valueCells) line[k] = cellText((e.value as Record<string, unknown>)?.[k], f);
    else line.value = cellText(e.value, valueField!);
    return line;
  });
  return (
    <LinesEditor
      label={label}
      hint={hint}
      cells={cells}
      initial={initial}
      lang={lang}
      onValue={onValue}
      read={(lines) => {
        const entries: MapEntry[] = [];
        for (const l of lines) {
          if (Object.values(l).every((s) => s.trim() === '')) continue;
          let v: unknown;
          if (fields) {
            const rec: Record<string, unknown> = {};
            for (const [k, f] of valueCells) {
              const r = readCell(t, l[k] ?? '', f, pick(f.label, lang));
              if ('problem' in r) return r;
              if (r.value !== undefined) rec[k] = r.value;
            }
            v = rec;
          } else {
            const r = readCell(t, l.value ?? '', valueField!, pick(valueField!.label, lang));
            if ('problem' in r) return r;
            v = r.value;
          }
          entries.push({ key: l.key ?? '', value: v });
        }
        const r = entriesToMap(entries, nullWhenEmpty);
        if ('problem' in r)
          return {
            problem:
              r.problem.key === 'twice'
                ? t('optionEdit.twice', { name: r.problem.name })
                : t('optionEdit.fill', { what: pick(keyField.label, lang) }),
          };
        return { value: r.value };
      }}
    />
  );
}

/** A list of records with the same fields (exchange rates: currency, rate, month). */
export function RowsEditor({
  label,
  hint,
  rows,
  fields,
  lang,
  onValue,
}: {
  label: string;
  hint?: string;
  rows: Record<string, unknown>[];
  fields: Readonly<Record<string, FieldSpec>>;
  lang: Lang;
  onValue: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const cells = Object.entries(fields);
  return (
    <LinesEditor
      label={label}
      hint={hint}
      cells={cells}
      initial={rows.map((r) => Object.fromEntries(cells.map(([k, f]) => [k, cellText(r[k], f)])))}
      lang={lang}
      onValue={onValue}
      read={(lines) => {
        const out: Record<string, unknown>[] = [];
        for (const l of lines) {
          if (Object.values(l).every((s) => s.trim() === '')) continue;
          const rec: Record<string, unknown> = {};
          for (const [k, f] of cells) {
            const r = readCell(t, l[k] ?? '', f, pick(f.label, lang));
            if ('problem' in r) return r;
            if (r.value !== undefined) rec[k] = r.value;
          }
          out.push(rec);
        }
        return { value: out };
      }}
    />
  );
}

/**
 * Column(s) of the table the option reads. Empty: `null` ("Loopbook finds it") or `[]` (none), as the
 * option's default. Without that table in the Data step it says so and keeps the value.
 */
export function ColumnPicker({
  label,
  hint,
  value,
  columns,
  tableName,
  many,
  nullWhenEmpty,
  onValue,
}: {
  label: string;
  hint?: string;
  value: unknown;
  columns: ColumnView[] | null;
  tableName: string;
  many?: boolean;
  nullWhenEmpty: boolean;
  onValue: (v: unknown) => void;
}) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  const chosen: string[] = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  if (!columns) {
    return (
      <Field label={label} hint={hint}>
        <Caption1>
          {t('optionEdit.noTable', { table: tableName })}
          {chosen.length > 0 ? ` ${t('optionEdit.keptColumns', { columns: chosen.join(', ') })}` : ''}
        </Caption1>
      </Field>
    );
  }
  // A name the recipe holds that is not in the table now stays visible, so nothing is lost silently.
  const known = new Set(columns.map((c) => c.name));
  const options = [
    ...columns.map((c) => ({ name: c.name, text: c.header })),
    ...chosen.filter((n) => !known.has(n)).map((n) => ({ name: n, text: t('optionEdit.missingColumn', { name: n }) })),
  ];
  if (!many) {
    return (
      <Field label={label} hint={hint}>
        <Select
          className={styles.full}
          value={chosen[0] ?? ''}
          onChange={(_, d) => {
            onValue(d.value === '' ? null : d.value);
          }}
        >
          <option value="">{t('optionEdit.columnAuto')}</option>
          {options.map((o) => (
            <option key={o.name} value={o.name}>
              {o.text}
            </option>
          ))}
        </Select>
      </Field>
    );
  }
  return (
    <Group label={label} hint={hint}>
      <div className={styles.checks}>
        {options.length === 0 ? <Caption1>{t('optionEdit.noColumns', { table: tableName })}</Caption1> : null}
        {options.map((o) => (
          <Checkbox
            key={o.name}
            label={o.text}
            checked={chosen.includes(o.name)}
            onChange={(_, d) => {
              const next = options
                .map((x) => x.name)
                .filter((n) => (n === o.name ? d.checked === true : chosen.includes(n)));
              onValue(next.length === 0 && nullWhenEmpty ? null : next);
            }}
          />
        ))}
      </div>
    </Group>
  );
}

/** Several of a fixed set of choices (at least one). */
export function MultiChoice({
  label,
  hint,
  value,
  choices,
  lang,
  onValue,
}: {
  label: string;
  hint?: string;
  value: unknown[];
  choices: readonly { value: string | number; label: I18nText }[];
  lang: Lang;
  onValue: (v: unknown[]) => void;
}) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  const [chosen, setChosen] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Group label={label} hint={hint} error={problem}>
      <div className={styles.checks}>
        {choices.map((c) => (
          <Checkbox
            key={String(c.value)}
            label={pick(c.label, lang)}
            checked={chosen.includes(c.value)}
            onChange={(_, d) => {
              const next = choices
                .map((x) => x.value)
                .filter((v) => (v === c.value ? d.checked === true : chosen.includes(v)));
              setChosen(next);
              if (next.length === 0) setProblem(`${t('optionEdit.pickOne')} ${t('optionEdit.kept')}`);
              else {
                setProblem(null);
                onValue(next);
              }
            }}
          />
        ))}
      </div>
    </Group>
  );
}

/** A day, stored as an Excel serial; empty is null (Loopbook decides). */
export function DateBox({
  label,
  hint,
  value,
  onValue,
}: {
  label: string;
  hint?: string;
  value: number | null;
  onValue: (v: number | null) => void;
}) {
  const styles = useEditorStyles();
  return (
    <Field label={label} hint={hint}>
      <Input
        className={styles.full}
        type="date"
        defaultValue={typeof value === 'number' ? serialToIso(value) : ''}
        onChange={(_, d) => {
          onValue(d.value === '' ? null : isoToSerial(d.value));
        }}
      />
    </Field>
  );
}

/** Common values by name, or any other value typed ("Chosen months: 2025-01..2025-06"). */
export function ChoiceOrText({
  label,
  hint,
  value,
  choices,
  other,
  lang,
  onValue,
}: {
  label: string;
  hint?: string;
  value: string;
  choices: readonly { value: string; label: I18nText }[];
  other: FieldSpec;
  lang: Lang;
  onValue: (v: string) => void;
}) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  const OTHER = '\u0000other';
  const [picked, setPicked] = useState(choices.some((c) => c.value === value) ? value : OTHER);
  const [text, setText] = useState(picked === OTHER ? value : '');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Group label={label} hint={picked === OTHER ? hint : undefined} error={problem} plain>
      <Select
        className={styles.full}
        aria-label={label}
        value={picked}
        onChange={(_, d) => {
          setPicked(d.value);
          if (d.value !== OTHER) {
            setProblem(null);
            onValue(d.value);
          } else if (text.trim() !== '') onValue(text.trim());
        }}
      >
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {pick(c.label, lang)}
          </option>
        ))}
        <option value={OTHER}>{pick(other.label, lang)}</option>
      </Select>
      {picked === OTHER ? (
        <Input
          className={styles.full}
          aria-label={pick(other.label, lang)}
          value={text}
          placeholder={other.placeholder ? pick(other.placeholder, lang) : undefined}
          onChange={(_, d) => {
            setText(d.value);
            if (d.value.trim() === '')
              setProblem(`${t('optionEdit.fill', { what: pick(other.label, lang) })} ${t('optionEdit.kept')}`);
            else if (other.pattern && !new RegExp(other.pattern).test(d.value.trim()))
              setProblem(`${patternMessage(t, pick(other.label, lang), other)} ${t('optionEdit.kept')}`);
            else {
              setProblem(null);
              onValue(d.value.trim());
            }
          }}
        />
      ) : null}
    </Group>
  );
}
