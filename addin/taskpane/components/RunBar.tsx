import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Phase } from '../../worker/protocol.js';
import { pick } from '../i18n/index.js';
import { usePane } from '../use-pane.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingTop: tokens.spacingVerticalS,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const PHASES: Phase[] = ['reading', 'analysing', 'writing'];

/** Run, Refresh and Cancel, a progress bar per phase, and how the last run ended. */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function RunBar({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  const running = state.run.status === 'running';
  const anyChosen = state.catalogue.some((c) => state.chosen[c.kind] && state.availability[c.kind]?.ok);
  const anySource = Object.values(state.assignments).some((a) => a.kind);
  const blocked = !anySource ? t('run.noSources') : !anyChosen ? t('run.nothingChosen') : null;
  const run = async (what: 'run' | 'refresh') => {
    if (what === 'run') await flow.runNow(lang);
    else await flow.refresh(lang);
    if (flow.getState().run.status === 'done') onDone?.();
  };
  return (
    <div className={styles.bar} role="group" aria-label={t('run.run')}>
      <div className={styles.buttons}>
        <Button
          appearance="primary"
          disabled={running || blocked !== null || state.scan.status === 'scanning'}
          onClick={() => void run('run')}
        >
          {t('run.run')}
        </Button>
        {state.saved ? (
          <Button
            appearance="secondary"
            disabled={running}
            onClick={() => void run('refresh')}
            title={t('run.refreshHint')}
          >
            {t('run.refresh')}
          </Button>
        ) : null}
        {running ? (
          <Button
            appearance="secondary"
            onClick={() => {
              flow.cancel();
            }}
          >
            {t('run.cancel')}
          </Button>
        ) : null}
      </div>
      {blocked && !running && state.scan.status === 'ready' ? (
        <Field validationState="warning" validationMessage={blocked} />
      ) : null}
      {running
        ? PHASES.map((p) => {
            const ph = state.run.phases[p];
            const value = ph.total > 0 ? Math.min(1, ph.done / ph.total) : state.run.phase === p ? undefined : 0;
            const label = `${t(`run.${p}`)}${ph.label && state.run.phase === p ? ` — ${pick(ph.label, lang)}` : ''}`;
            return (
              <Field key={p} label={label} validationState="none">
                <ProgressBar value={value} aria-label={t(`run.${p}`)} data-testid={`progress-${p}`} />
              </Field>
            );
          })
        : null}
      {state.stale && !running ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t('results.stale')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div role="status" aria-live="polite">
        {state.run.status === 'done' && !state.stale ? (
          <MessageBar intent="success">
            <MessageBarBody>{t('run.done')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {state.run.status === 'cancelled' ? (
          <MessageBar intent="info">
            <MessageBarBody>{t('run.cancelled')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {state.run.status === 'failed' ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('run.failed')}</MessageBarTitle>
              {state.run.error ? <div>{pick(state.run.error.text, lang)}</div> : null}
              {state.run.error?.next ? (
                <div>
                  {t('run.next')} {pick(state.run.error.next, lang)}
                </div>
              ) : null}
            </MessageBarBody>
          </MessageBar>
        ) : null}
      </div>
    </div>
  );
}
