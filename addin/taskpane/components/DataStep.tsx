import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Select,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { TABLE_KINDS } from '../../../src/ingest/types.js';
import type { Role, TableKind } from '../../../src/ingest/types.js';
import type { ColumnView, SourceView, TableDecisions } from '../../worker/protocol.js';
import { marks, pick } from '../i18n/index.js';
import { rolesFor } from '../roles.js';
import { usePane, usePaneContext } from '../use-pane.js';
import type { Assignment, ChangeNotice } from '../flow.js';
import { ChangeNoticeBar, RescanNote } from './ChangeNotices.js';
import { Diagnostics } from './Diagnostics.js';
import { AmbiguousQuestion, Decisions } from './Decisions.js';

const useStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  head: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  where: { overflowWrap: 'anywhere', color: tokens.colorNeutralForeground2 },
  roles: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  roleField: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  roleLabel: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalS, width: '100%' },
  previewWrap: { overflowX: 'auto', maxWidth: '100%' },
  preview: {
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase200,
    '& th, & td': {
      border: `1px solid ${tokens.colorNeutralStroke2}`,
      padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}`,
      whiteSpace: 'nowrap',
      textAlign: 'left',
    },
    '& th': { backgroundColor: tokens.colorNeutralBackground3, fontWeight: tokens.fontWeightSemibold },
  },
});

/**
 * One column's role picker, saying how sure detection was when the role is the detected one and, in a line, what the
 * role means; a change that took the role from another column says so below it.
 */
function RoleField({
  view,
  column: c,
  kind,
  role,
  notice,
}: {
  view: SourceView;
  column: ColumnView;
  kind: TableKind | null;
  role: Role | null;
  notice: ChangeNotice | undefined;
}) {
  const { t } = useTranslation();
  const { flow } = usePaneContext();
  const styles = useStyles();
  const fieldId = `role-${view.id}-${c.letter}`;
  const sure = c.role && c.role === role ? ` · ${t('data.sure', { pct: Math.round(c.roleConfidence * 100) })}` : '';
  return (
    <div className={styles.roleField} id={fieldId}>
      <Field
        label={{
          children: (
            <span className={styles.roleLabel}>
              <span>
                {c.letter} · {c.header}
              </span>
              <Caption1>{sure}</Caption1>
            </span>
          ),
        }}
        hint={role ? t(`roleHints.${role}`) : undefined}
      >
        <Select
          aria-label={t('data.role', { column: c.header })}
          value={role ?? ''}
          onChange={(_, d) => {
            flow.setRole(view.id, c.header, (d.value || null) as Role | null);
          }}
        >
          <option value="">{t('data.noRole')}</option>
          {rolesFor(kind, role).map((r) => (
            <option key={r} value={r} title={t(`roleHints.${r}`)}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </Select>
      </Field>
      {notice ? <ChangeNoticeBar notice={notice} focusId={fieldId} /> : null}
    </div>
  );
}

/** The source's first rows as read, with their sheet row numbers. */
function SourcePreview({ view, title }: { view: SourceView; title: string }) {
  const { t } = useTranslation();
  const { lang } = usePaneContext();
  const styles = useStyles();
  return (
    <div
      className={styles.previewWrap}
      tabIndex={0}
      role="region"
      aria-label={`${t('data.preview')}${marks(lang).colon}${title}`}
    >
      <table className={styles.preview}>
        <thead>
          <tr>
            <th scope="col">{t('data.row')}</th>
            {view.columns.map((c) => (
              <th key={c.name} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.preview.map((row, i) => (
            <tr key={i}>
              <th scope="row">{view.previewRows[i]}</th>
              {row.map((v, j) => (
                <td key={j}>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A used table's details: what Loopbook decided (open at first), columns and roles, first rows, data checks. */
function SourceDetails({
  view,
  kind,
  roles,
  title,
  decisions,
  notices,
}: {
  view: SourceView;
  kind: TableKind;
  roles: Assignment['roles'];
  title: string;
  decisions: TableDecisions | undefined;
  notices: readonly ChangeNotice[];
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Accordion multiple collapsible defaultOpenItems={['decided']}>
      {decisions ? (
        <AccordionItem value="decided">
          <AccordionHeader size="small">{t('decided.title')}</AccordionHeader>
          <AccordionPanel>
            <Decisions id={view.id} decisions={decisions} />
          </AccordionPanel>
        </AccordionItem>
      ) : null}
      <AccordionItem value="roles">
        <AccordionHeader size="small">{t('data.columns')}</AccordionHeader>
        <AccordionPanel>
          <div className={styles.roles}>
            {view.columns.map((c) => (
              <RoleField
                key={c.name}
                view={view}
                column={c}
                kind={kind}
                role={roles[c.header] ?? null}
                notice={notices.find((n) => n.header === c.header)}
              />
            ))}
          </div>
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="preview">
        <AccordionHeader size="small">{t('data.preview')}</AccordionHeader>
        <AccordionPanel>
          <SourcePreview view={view} title={title} />
        </AccordionPanel>
      </AccordionItem>
      <AccordionItem value="checks">
        <AccordionHeader size="small">{t('data.checks', { count: view.diagnostics.length })}</AccordionHeader>
        <AccordionPanel>
          {view.diagnostics.length === 0 ? (
            <Body1>{t('data.noChecks')}</Body1>
          ) : (
            <Diagnostics items={view.diagnostics} label={t('data.checks', { count: view.diagnostics.length })} />
          )}
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}

/** What the table holds, each kind explained in a line; how sure detection was when it is the detected kind. */
function KindPicker({ view, kind, hint }: { view: SourceView; kind: TableKind | null; hint: string | undefined }) {
  const { t } = useTranslation();
  const { flow } = usePaneContext();
  const styles = useStyles();
  return (
    <Field
      label={{
        children: (
          <span className={styles.roleLabel}>
            <span>{t('data.holds')}</span>
            {view.kind && kind === view.kind ? (
              <Badge appearance="tint" color={view.kindConfidence >= 0.7 ? 'success' : 'warning'}>
                {t('data.sure', { pct: Math.round(view.kindConfidence * 100) })}
              </Badge>
            ) : null}
          </span>
        ),
      }}
      hint={hint}
    >
      <Select
        id={`kind-${view.id}`}
        value={kind ?? ''}
        onChange={(_, d) => {
          flow.setKind(view.id, (d.value || null) as TableKind | null);
        }}
      >
        <option value="">{t('data.notUsed')}</option>
        {TABLE_KINDS.map((k) => (
          <option key={k} value={k} title={t(`kindHints.${k}`)}>
            {t(`kinds.${k}`)}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** One detected table; memoised so progress updates elsewhere in the pane do not redraw it. */
const SourceCard = memo(function SourceCard({
  view,
  assignment,
  decisions,
  notices: allNotices,
  kindTaken,
}: {
  view: SourceView;
  assignment: Assignment | undefined;
  decisions: TableDecisions | undefined;
  /** Every notice of the pane (one array while none changes, so the card is not redrawn for nothing). */
  notices: readonly ChangeNotice[];
  /** Another table plays the kind this one was detected as. */
  kindTaken: boolean;
}) {
  const { t } = useTranslation();
  const { lang } = usePaneContext();
  const styles = useStyles();
  const a = assignment ?? { kind: null, roles: {} };
  const kindId = `kind-${view.id}`;
  const where = view.tableName ? `${view.tableName} · ${view.sheet}!${view.address}` : `${view.sheet}!${view.address}`;
  const title = a.kind ? t(`kinds.${a.kind}`) : (view.tableName ?? view.sheet);
  const notices = allNotices.filter((n) => n.source === view.id);
  const kindNotice = notices.find((n) => n.header === null);
  const kindHint = a.kind ? t(`kindHints.${a.kind}`) : kindTaken ? t('data.duplicateKind') : undefined;
  return (
    <Card className={styles.card} aria-labelledby={`${kindId}-title`} data-testid={`source-${view.sheet}`}>
      <div className={styles.head}>
        <Subtitle2 id={`${kindId}-title`} as="h3">
          {title}
        </Subtitle2>
        <Caption1 className={styles.where}>
          {where} · {t('data.rows', { n: view.rows.toLocaleString(lang) })}
        </Caption1>
      </div>
      <KindPicker view={view} kind={a.kind} hint={kindHint} />
      {kindNotice ? <ChangeNoticeBar notice={kindNotice} focusId={`kind-${view.id}`} /> : null}
      {a.kind && decisions
        ? // Asked while one of the columns holds the role; a role the user gave a third column settles it.
          decisions.ambiguous
            .filter((x) => x.chosen !== null)
            .map((x) => (
              <AmbiguousQuestion
                key={x.role}
                id={view.id}
                item={x}
                readChosen={x.candidates.find((c) => decisions.readRoles[c.header] === x.role)?.header ?? null}
              />
            ))
        : null}
      {a.kind ? (
        <SourceDetails
          view={view}
          kind={a.kind}
          roles={a.roles}
          title={title}
          decisions={decisions}
          notices={notices}
        />
      ) : null}
    </Card>
  );
});

/** Why "Use selection" stopped, with a button per fix it offers (the whole table first). */
function SelectionProblemBar() {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const problem = state.selection;
  if (!problem) return null;
  return (
    <MessageBar intent="warning" layout="multiline" data-testid="selection-problem">
      <MessageBarBody>
        <MessageBarTitle>{t('data.selectionStopped')}</MessageBarTitle>
        {pick(problem.text, lang)}
      </MessageBarBody>
      <MessageBarActions>
        {problem.fixes.map((f, i) => (
          <Button
            key={i}
            size="small"
            appearance={i === 0 ? 'primary' : 'secondary'}
            onClick={() => void flow.fixSelection(i)}
          >
            {pick(f.label, lang)}
          </Button>
        ))}
      </MessageBarActions>
    </MessageBar>
  );
}

/** Step 1: the tables Loopbook found, what each holds, column roles, preview and data checks. */
export function DataStep() {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  const scanning = state.scan.status === 'scanning';
  return (
    <section className={styles.step} aria-label={t('steps.data')}>
      <Body1>{t('data.intro')}</Body1>
      <div className={styles.actions}>
        <Button
          appearance="secondary"
          disabled={scanning}
          onClick={() => void flow.useSelection()}
          title={t('data.useSelectionHint')}
        >
          {t('data.useSelection')}
        </Button>
        <Button id="data-rescan" appearance="subtle" disabled={scanning} onClick={() => void flow.scan()}>
          {t('data.rescan')}
        </Button>
      </div>
      {scanning ? (
        <Field
          validationMessage={t('data.scanning', { done: state.scan.done, total: state.scan.total || '…' })}
          validationState="none"
        >
          <ProgressBar
            value={state.scan.total ? state.scan.done / state.scan.total : undefined}
            aria-label={t('data.scanning', { done: state.scan.done, total: state.scan.total || '…' })}
          />
        </Field>
      ) : null}
      {state.scan.error ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {pick(state.scan.error.text, lang)}
            {state.scan.error.next ? (
              <>
                {' '}
                {t('run.next')} {pick(state.scan.error.next, lang)}
              </>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <RescanNote focusId="data-rescan" />
      <SelectionProblemBar />
      {state.scan.status === 'ready' && state.sources.length === 0 ? <Body1>{t('data.none')}</Body1> : null}
      {state.sources.map((v) => (
        <SourceCard
          key={v.id}
          view={v}
          assignment={state.assignments[v.id]}
          decisions={state.assignments[v.id]?.kind ? state.decisions[v.id] : undefined}
          notices={state.notices}
          kindTaken={
            !state.assignments[v.id]?.kind &&
            v.kind !== null &&
            Object.values(state.assignments).some((x) => x.kind === v.kind)
          }
        />
      ))}
    </section>
  );
}
