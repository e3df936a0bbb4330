import {
  Button,
  Caption1,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phase, SkippedAnalysis } from '../../worker/protocol.js';
import type { FlowState } from '../flow.js';
import type { Lang } from '../../../src/types.js';
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
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  explain: { color: tokens.colorNeutralForeground2 },
});

/** The chosen analyses that were skipped or reported an error, each with why. */
function SkippedList({ items, lang }: { items: SkippedAnalysis[]; lang: Lang }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {items.map((s) => (
        <li key={s.kind}>
          {t(s.ran ? 'run.skippedItemRan' : 'run.skippedItem', { title: pick(s.title, lang), why: pick(s.why, lang) })}
        </li>
      ))}
    </ul>
  );
}

/**
 * How the last run ended, in one of three forms: "Done"; "Done — N analyses skipped" (or reported errors) with
 * why; "Stopped" with why and what to do next. Never a green Done beside an analysis that did not run.
 */
function Outcome({
  run,
  skipped,
  stale,
  lang,
}: {
  run: FlowState['run'];
  skipped: SkippedAnalysis[];
  stale: boolean;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const notRun = skipped.filter((s) => !s.ran);
  const withErrors = skipped.filter((s) => s.ran);
  if (run.status === 'done' && skipped.length === 0)
    return stale ? null : (
      <MessageBar intent="success">
        <MessageBarBody>{t('run.done')}</MessageBarBody>
      </MessageBar>
    );
  if (run.status === 'done') {
    const title =
      notRun.length > 0
        ? notRun.length === 1
          ? t('run.doneSkippedOne')
          : t('run.doneSkipped', { count: notRun.length })
        : withErrors.length === 1
          ? t('run.doneProblemsOne')
          : t('run.doneProblems', { count: withErrors.length });
    return (
      <MessageBar intent="warning" layout="multiline" data-testid="run-outcome">
        <MessageBarBody>
          <MessageBarTitle>{title}</MessageBarTitle>
          <SkippedList items={skipped} lang={lang} />
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (run.status === 'cancelled')
    return (
      <MessageBar intent="info">
        <MessageBarBody>{t('run.cancelled')}</MessageBarBody>
      </MessageBar>
    );
  if (run.status === 'failed')
    return (
      <MessageBar intent="error" layout="multiline" data-testid="run-outcome">
        <MessageBarBody>
          <MessageBarTitle>{t('run.failed')}</MessageBarTitle>
          {run.error ? <div>{pick(run.error.text, lang)}</div> : null}
          {skipped.length > 0 ? <SkippedList items={skipped} lang={lang} /> : null}
          {run.error?.next ? (
            <div>
              {t('run.next')} {pick(run.error.next, lang)}
            </div>
          ) : null}
        </MessageBarBody>
      </MessageBar>
    );
  return null;
}

const PHASES: Phase[] = ['reading', 'analysing', 'writing'];

/** A progress bar per phase of the running run, the current one naming what it works on. */
function PhaseBars() {
  const { t } = useTranslation();
  const { state, lang } = usePane();
  return (
    <>
      {PHASES.map((p) => {
        const ph = state.run.phases[p];
        const value = ph.total > 0 ? Math.min(1, ph.done / ph.total) : state.run.phase === p ? undefined : 0;
        const label = `${t(`run.${p}`)}${ph.label && state.run.phase === p ? ` — ${pick(ph.label, lang)}` : ''}`;
        return (
          <Field key={p} label={label} validationState="none">
            <ProgressBar value={value} aria-label={t(`run.${p}`)} data-testid={`progress-${p}`} />
          </Field>
        );
      })}
    </>
  );
}

/** Run, Refresh and Cancel, a progress bar per phase, and how the last run ended. */
export function RunBar({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  const running = state.run.status === 'running';
  const anyChosen = state.catalogue.some((c) => state.chosen[c.kind] && state.availability[c.kind]?.ok);
  const anySource = Object.values(state.assignments).some((a) => a.kind);
  const blocked = !anySource ? t('run.noSources') : !anyChosen ? t('run.nothingChosen') : null;
  // Focus stays on a live control through run, cancel and finish: Run and Refresh stay focusable while
  // disabled (aria-disabled), and Cancel hands focus back to Run as it disappears.
  const runRef = useRef<HTMLButtonElement>(null);
  const run = async (what: 'run' | 'refresh') => {
    if (what === 'run') await flow.runNow(lang);
    else await flow.refresh(lang);
    if (flow.getState().run.status === 'done') onDone?.();
  };
  return (
    <div className={styles.bar} role="group" aria-label={t('run.run')}>
      <div className={styles.buttons}>
        <Button
          ref={runRef}
          appearance="primary"
          disabled={!running && (blocked !== null || state.scan.status === 'scanning')}
          disabledFocusable={running}
          onClick={() => void run('run')}
        >
          {t('run.run')}
        </Button>
        {state.saved ? (
          <Button
            appearance="secondary"
            disabledFocusable={running}
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
              runRef.current?.focus();
              flow.cancel();
            }}
          >
            {t('run.cancel')}
          </Button>
        ) : null}
      </div>
      {state.saved && !running ? (
        <Caption1 className={styles.explain} data-testid="run-explain">
          {t('run.explain')}
        </Caption1>
      ) : null}
      {blocked && !running && state.scan.status === 'ready' ? (
        <Field validationState="warning" validationMessage={blocked} />
      ) : null}
      {running ? <PhaseBars /> : null}
      {state.stale && !running ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t('results.stale')}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div role="status" aria-live="polite">
        <Outcome
          run={state.run}
          // A run that failed outright keeps the last good results on screen; their skipped list is not this run's.
          skipped={state.run.status === 'failed' && state.results?.ok ? [] : (state.results?.skipped ?? [])}
          stale={state.stale}
          lang={lang}
        />
      </div>
    </div>
  );
}
