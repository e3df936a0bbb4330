import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { pick } from '../i18n/index.js';
import type { ChangeLine, ChangeNotice, ColumnName, KeptLine, LostLine, TableName } from '../role-fixes.js';
import { usePane, usePaneContext } from '../use-pane.js';

const useStyles = makeStyles({
  lines: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: 'anywhere' },
  line: { margin: 0, overflowWrap: 'anywhere', ':not(:first-child)': { marginTop: tokens.spacingVerticalXS } },
  heading: { margin: `${tokens.spacingVerticalXS} 0 0`, fontWeight: tokens.fontWeightSemibold },
  table: { margin: 0, overflowWrap: 'anywhere' },
});

/** Names as the notices write them: `客户ID (column B)`, `Orders (Orders!A1:E41)`. */
function useNames() {
  const { t } = useTranslation();
  return {
    column: (c: ColumnName) => t('decided.column', { header: c.header, letter: c.letter }),
    // A sheet's range is named by its address alone; an Excel table by its name, then where it is.
    table: (x: TableName) => (x.where.startsWith(`${x.name}!`) ? x.where : t('fixes.table', { ...x })),
  };
}

function useChangeText(): (l: ChangeLine) => string {
  const { t } = useTranslation();
  const name = useNames();
  return (l) => {
    switch (l.type) {
      case 'role-moved':
        return t('fixes.roleMoved', { from: name.column(l.from), to: name.column(l.to), role: t(`roles.${l.role}`) });
      case 'kind-unset':
        return t('fixes.kindUnset', { table: name.table(l.table), kind: t(`kinds.${l.kind}`) });
      case 'money-on-id':
        return t('fixes.moneyOnId', { column: name.column(l.column), role: t(`roles.${l.role}`) });
      case 'id-on-money':
        return t('fixes.idOnMoney', { column: name.column(l.column), role: t(`roles.${l.role}`) });
    }
  };
}

/**
 * Hands focus to the control with `id`, or the picker inside the element with `id` (the one a closed note was about),
 * so it is not lost to the page.
 */
function focusOn(id: string): void {
  const el = document.getElementById(id);
  const control = el?.matches('select, button') ? el : el?.querySelector('select');
  control?.focus();
}

/**
 * What a kind or role change took from another table or column (or a doubt about it), beside the change, with Undo
 * (the pane as it was before) and Keep (closes the note); either gives focus back to the picker `focusId`.
 */
export function ChangeNoticeBar({ notice, focusId }: { notice: ChangeNotice; focusId: string }) {
  const { t } = useTranslation();
  const { flow } = usePaneContext();
  const styles = useStyles();
  const text = useChangeText();
  const doubt = notice.lines.some((l) => l.type === 'money-on-id' || l.type === 'id-on-money');
  return (
    <MessageBar intent={doubt ? 'warning' : 'info'} layout="multiline" data-testid="change-notice">
      <MessageBarBody>
        {notice.lines.map((l, i) => (
          <p key={i} className={styles.line}>
            {text(l)}
          </p>
        ))}
      </MessageBarBody>
      <MessageBarActions>
        <Button
          size="small"
          appearance="primary"
          aria-label={t('fixes.undoLabel')}
          onClick={() => {
            focusOn(focusId);
            flow.undo(notice.id);
          }}
        >
          {t('fixes.undo')}
        </Button>
        <Button
          size="small"
          aria-label={t('fixes.keepLabel')}
          onClick={() => {
            focusOn(focusId);
            flow.dismiss(notice.id);
          }}
        >
          {t('fixes.keep')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function useKeptText(): (l: KeptLine) => string {
  const { t } = useTranslation();
  const { state, lang } = usePane();
  const name = useNames();
  return (l) => {
    switch (l.type) {
      case 'kind':
        return l.kind ? t('fixes.keptKind', { kind: t(`kinds.${l.kind}`) }) : t('fixes.keptNotUsed');
      case 'role':
        return l.role
          ? t('fixes.keptRole', { column: name.column(l.column), role: t(`roles.${l.role}`) })
          : t('fixes.keptNoRole', { column: name.column(l.column) });
      case 'format': {
        if (l.format === 'none') return t('fixes.keptGeneral');
        const recognised = state.decisions[l.source]?.format.recognised;
        return t('fixes.keptFormat', {
          format: recognised?.id === l.format ? pick(recognised.name, lang) : l.format,
        });
      }
      case 'status':
        return t('fixes.keptStatus', { value: l.value, meaning: t(`decided.cls.${l.cls}`) });
      case 'periodYear':
        return l.year === null ? t('fixes.keptNoPeriodYear') : t('fixes.keptPeriodYear', { year: l.year });
    }
  };
}

function useLostText(): (l: LostLine) => string {
  const { t } = useTranslation();
  return (l) =>
    l.type === 'table' ? t('fixes.lostTable') : t('fixes.lostColumn', { header: l.header, role: t(`roles.${l.role}`) });
}

/** Lines grouped by the table they are about, in the order the tables first come. */
function byTable<L extends { table: TableName }>(lines: readonly L[]): { table: TableName; lines: L[] }[] {
  const groups = new Map<string, { table: TableName; lines: L[] }>();
  for (const l of lines) {
    const g = groups.get(l.table.where) ?? { table: l.table, lines: [] };
    g.lines.push(l);
    groups.set(l.table.where, g);
  }
  return [...groups.values()];
}

/** One section of the note: its title, then each table's name and its lines. */
function TableLines<L extends { table: TableName }>({
  title,
  lines,
  text,
  testId,
}: {
  title: string;
  lines: readonly L[];
  text: (l: L) => string;
  testId: string;
}) {
  const styles = useStyles();
  const name = useNames();
  if (lines.length === 0) return null;
  return (
    <div data-testid={testId}>
      <p className={styles.heading}>{title}</p>
      {byTable(lines).map((g) => (
        <div key={g.table.where}>
          <p className={styles.table}>{name.table(g.table)}</p>
          <ul className={styles.lines}>
            {g.lines.map((l, i) => (
              <li key={i}>{text(l)}</li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/**
 * After "Look again": the user's fixes put back, and those that could not be (their column or table is gone); Close
 * gives focus back to the control `focusId` ("Look again").
 */
export function RescanNote({ focusId }: { focusId: string }) {
  const { t } = useTranslation();
  const { flow, state } = usePane();
  const kept = useKeptText();
  const lost = useLostText();
  const report = state.rescan;
  if (!report) return null;
  return (
    <MessageBar intent={report.lost.length > 0 ? 'warning' : 'success'} layout="multiline" data-testid="rescan-note">
      <MessageBarBody>
        <MessageBarTitle>{t(report.lost.length > 0 ? 'fixes.rescanSome' : 'fixes.rescanKept')}</MessageBarTitle>
        <TableLines title={t('fixes.kept')} lines={report.kept} text={kept} testId="rescan-kept" />
        <TableLines title={t('fixes.lost')} lines={report.lost} text={lost} testId="rescan-lost" />
      </MessageBarBody>
      <MessageBarActions>
        <Button
          size="small"
          onClick={() => {
            focusOn(focusId);
            flow.dismissRescan();
          }}
        >
          {t('fixes.close')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
