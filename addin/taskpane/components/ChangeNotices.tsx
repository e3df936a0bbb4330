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
  line: { margin: 0, overflowWrap: 'anywhere' },
});

/** Names as the notices write them: `客户ID (column B)`, `Orders (Orders!A1:E41)`. */
function useNames() {
  const { t } = useTranslation();
  return {
    column: (c: ColumnName) => t('decided.column', { header: c.header, letter: c.letter }),
    table: (x: TableName) => t('fixes.table', { name: x.name, where: x.where }),
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
 * What a kind or role change took from another table or column (or a doubt about it), beside the change, with Undo
 * (the pane as it was before) and Keep (closes the note).
 */
export function ChangeNoticeBar({ notice }: { notice: ChangeNotice }) {
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
            flow.undo(notice.id);
          }}
        >
          {t('fixes.undo')}
        </Button>
        <Button
          size="small"
          aria-label={t('fixes.keepLabel')}
          onClick={() => {
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
    const table = name.table(l.table);
    switch (l.type) {
      case 'kind':
        return l.kind ? t('fixes.keptKind', { table, kind: t(`kinds.${l.kind}`) }) : t('fixes.keptNotUsed', { table });
      case 'role':
        return l.role
          ? t('fixes.keptRole', { table, column: name.column(l.column), role: t(`roles.${l.role}`) })
          : t('fixes.keptNoRole', { table, column: name.column(l.column) });
      case 'format': {
        if (l.format === 'none') return t('fixes.keptGeneral', { table });
        const recognised = state.decisions[l.source]?.format.recognised;
        return t('fixes.keptFormat', {
          table,
          format: recognised?.id === l.format ? pick(recognised.name, lang) : l.format,
        });
      }
      case 'status':
        return t('fixes.keptStatus', { table, value: l.value, meaning: t(`decided.cls.${l.cls}`) });
    }
  };
}

function useLostText(): (l: LostLine) => string {
  const { t } = useTranslation();
  const name = useNames();
  return (l) =>
    l.type === 'table'
      ? t('fixes.lostTable', { table: name.table(l.table) })
      : t('fixes.lostColumn', { table: name.table(l.table), header: l.header, role: t(`roles.${l.role}`) });
}

/** After "Look again": the user's fixes put back, and those that could not be (their column or table is gone). */
export function RescanNote() {
  const { t } = useTranslation();
  const { flow, state } = usePane();
  const styles = useStyles();
  const kept = useKeptText();
  const lost = useLostText();
  const report = state.rescan;
  if (!report) return null;
  return (
    <MessageBar intent={report.lost.length > 0 ? 'warning' : 'success'} layout="multiline" data-testid="rescan-note">
      <MessageBarBody>
        <MessageBarTitle>{t(report.lost.length > 0 ? 'fixes.rescanSome' : 'fixes.rescanKept')}</MessageBarTitle>
        {report.kept.length > 0 ? (
          <>
            <p className={styles.line}>{t('fixes.kept')}</p>
            <ul className={styles.lines} data-testid="rescan-kept">
              {report.kept.map((l, i) => (
                <li key={i}>{kept(l)}</li>
              ))}
            </ul>
          </>
        ) : null}
        {report.lost.length > 0 ? (
          <>
            <p className={styles.line}>{t('fixes.lost')}</p>
            <ul className={styles.lines} data-testid="rescan-lost">
              {report.lost.map((l, i) => (
                <li key={i}>{lost(l)}</li>
              ))}
            </ul>
          </>
        ) : null}
      </MessageBarBody>
      <MessageBarActions>
        <Button
          size="small"
          onClick={() => {
            flow.dismissRescan();
          }}
        >
          {t('fixes.close')}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
