import { Button, Caption1, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Diagnostic } from '../../../src/types.js';
import { marks, pick } from '../i18n/index.js';
import { usePaneContext } from '../use-pane.js';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  body: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
});

/** The cell a diagnostic points at (first example row), e.g. `C12`, or null. */
export function diagnosticCell(d: Diagnostic): string | null {
  const w = d.where;
  if (!w?.columnLetter) return null;
  const row = w.rows?.[0];
  return row ? `${w.columnLetter}${row}` : `${w.columnLetter}1`;
}

/** Diagnostics as message bars, each with "Go to <cell>" when it points at one. */
export function Diagnostics({ items, label }: { items: readonly Diagnostic[]; label: string }) {
  const { t } = useTranslation();
  const { flow, lang } = usePaneContext();
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label={label}>
      {items.map((d, i) => {
        const cell = diagnosticCell(d);
        const intent = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info';
        return (
          <li key={`${d.code}-${i}`}>
            <MessageBar intent={intent} layout="multiline">
              <MessageBarBody className={styles.body}>
                <span>
                  <strong>
                    {t(`severity.${d.severity}`)}
                    {marks(lang).colon}
                  </strong>
                  {pick(d.message, lang)}
                </span>
                {d.where?.sheet && cell ? (
                  <Button size="small" appearance="secondary" onClick={() => void flow.goTo(d.where!.sheet, cell)}>
                    {t('data.goTo', { cell: `${d.where.sheet}!${cell}` })}
                  </Button>
                ) : d.where?.sheet ? (
                  <Caption1>{d.where.sheet}</Caption1>
                ) : null}
              </MessageBarBody>
            </MessageBar>
          </li>
        );
      })}
    </ul>
  );
}
