/**
 * One analysis option as a control: its spec's editor when it has one, else what its value is (a choice,
 * on/off, a number, a text, or "automatic" when the default is empty). Lists and objects without an editor
 * are edited as lists, named numbers or typed names; never as JSON.
 */
import { Field, Select, Switch } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { OptionEditor, OptionSpec } from '../../../../src/analysis/option-specs.js';
import type { Lang } from '../../../../src/types.js';
import type { ColumnView } from '../../../worker/protocol.js';
import { pick } from '../../i18n/index.js';
import {
  ChoiceOrText,
  ColumnPicker,
  DateBox,
  FieldsEditor,
  ListEditor,
  MapEditor,
  MultiChoice,
  NumberBox,
  RowsEditor,
  TextBox,
  useEditorStyles,
} from './editors.js';
import { rateRows } from './option-values.js';

/** `minShareGap` → `Min share gap`: a readable label for an option without a spec. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The editor an option without one gets from its default's shape (for analyses with no specs). */
export function inferEditor(value: unknown, fallback: unknown): OptionEditor | undefined {
  const v = value ?? fallback;
  if (Array.isArray(v))
    return {
      kind: 'list',
      item: { label: { en: 'Value', 'zh-CN': '值' }, type: typeof v[0] === 'number' ? 'number' : 'text' },
    };
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length > 0 && entries.every(([, x]) => typeof x === 'number'))
      return {
        kind: 'fields',
        fields: Object.fromEntries(entries.map(([k]) => [k, { label: { en: humanize(k), 'zh-CN': humanize(k) } }])),
      };
    return {
      kind: 'map',
      key: { label: { en: 'Name', 'zh-CN': '名称' }, type: 'text' },
      value: { label: { en: 'Value', 'zh-CN': '值' }, type: 'text' },
    };
  }
  return undefined;
}

export interface OptionFieldProps {
  name: string;
  value: unknown;
  /** The analysis's default for this option (says whether empty means null). */
  fallback: unknown;
  spec?: OptionSpec;
  lang: Lang;
  /** Columns of the table of a kind in the Data step, or null when there is none. */
  columnsOf: (table: string) => ColumnView[] | null;
  /** The table kind's name in the pane's language. */
  tableName: (table: string) => string;
  onChange: (v: unknown) => void;
}

// eslint-disable-next-line max-lines-per-function -- one switch over the kinds of control; each branch is one element
export function OptionField({ name, value, fallback, spec, lang, columnsOf, tableName, onChange }: OptionFieldProps) {
  const { t } = useTranslation();
  const styles = useEditorStyles();
  const label = spec?.label ? pick(spec.label, lang) : humanize(name);
  const hint = spec?.help ? pick(spec.help, lang) : undefined;
  const nullWhenEmpty = fallback === null;
  const editor = spec?.editor ?? (spec?.choices && Array.isArray(fallback) ? undefined : inferEditor(value, fallback));
  const common = { label, hint, lang };
  switch (editor?.kind) {
    case 'column':
      return (
        <ColumnPicker
          label={label}
          hint={hint}
          value={value}
          columns={columnsOf(editor.table)}
          tableName={tableName(editor.table)}
          many={editor.many}
          nullWhenEmpty={nullWhenEmpty}
          onValue={onChange}
        />
      );
    case 'date':
      return <DateBox label={label} hint={hint} value={typeof value === 'number' ? value : null} onValue={onChange} />;
    case 'fields':
      return (
        <FieldsEditor
          {...common}
          value={value && typeof value === 'object' ? (value as Record<string, unknown>) : {}}
          fields={editor.fields}
          onValue={onChange}
        />
      );
    case 'list':
      return (
        <ListEditor
          {...common}
          value={Array.isArray(value) ? value : []}
          item={editor.item}
          labels={editor.labels}
          onValue={onChange}
        />
      );
    case 'map':
      return (
        <MapEditor
          {...common}
          value={value}
          keyField={editor.key}
          valueField={editor.value}
          fields={editor.fields}
          nullWhenEmpty={nullWhenEmpty}
          onValue={onChange}
        />
      );
    case 'rows':
      return <RowsEditor {...common} rows={rateRows(value)} fields={editor.fields} onValue={onChange} />;
    case 'choice-or-text':
      return (
        <ChoiceOrText
          {...common}
          value={typeof value === 'string' ? value : ''}
          choices={editor.choices}
          other={editor.other}
          onValue={onChange}
        />
      );
    default:
      break;
  }
  if (spec?.choices && Array.isArray(fallback)) {
    return (
      <MultiChoice {...common} value={Array.isArray(value) ? value : []} choices={spec.choices} onValue={onChange} />
    );
  }
  if (spec?.choices) {
    return (
      <Field label={label} hint={hint}>
        <Select
          className={styles.full}
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
  if (typeof value === 'boolean' || typeof fallback === 'boolean') {
    return (
      <Field label={label} hint={hint}>
        <Switch
          checked={value === true}
          label={value === true ? t('options.yes') : t('options.no')}
          onChange={(_, d) => {
            onChange(d.checked);
          }}
        />
      </Field>
    );
  }
  const numeric = typeof fallback === 'number' || spec?.min !== undefined || spec?.max !== undefined;
  if (numeric) {
    return (
      <NumberBox
        label={label}
        hint={hint ?? (nullWhenEmpty ? t('options.automaticHint') : undefined)}
        value={typeof value === 'number' ? value : null}
        field={spec ?? {}}
        nullable={nullWhenEmpty}
        onValue={onChange}
      />
    );
  }
  return (
    <TextBox
      label={label}
      hint={hint ?? (nullWhenEmpty ? t('options.automaticHint') : undefined)}
      value={typeof value === 'string' ? value : null}
      nullable={nullWhenEmpty}
      onValue={onChange}
    />
  );
}
