import { Body1, Caption1, Card, Link, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../src/analysis/types.js';
import { pick } from '../i18n/index.js';
import { usePane } from '../use-pane.js';
import { ChartPreview } from './ChartPreview.js';
import { Diagnostics } from './Diagnostics.js';
import { formatFigure } from './format.js';
import { compareFindings } from '../../../src/report/rank-findings.js';

const useStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  figures: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingVerticalS,
    margin: 0,
  },
  figure: { display: 'flex', flexDirection: 'column', minWidth: 0, margin: 0 },
  figureLabel: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  figureValue: {
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
    margin: 0,
    overflowWrap: 'anywhere',
  },
  findings: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** Step 4: key figures, chart previews, findings and links to the result sheets; stale warning + Refresh. */
// eslint-disable-next-line max-lines-per-function -- grew past 80 lines when Prettier reflowed it (width 120); split pending, issue 16
export function ResultsStep() {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  const r = state.results;
  const savedAt = state.saved?.log.runs.at(-1)?.at;
  if (!r || !r.ok) {
    return (
      <section className={styles.step} aria-label={t('steps.results')}>
        <Body1>{savedAt ? t('results.saved', { date: savedAt.slice(0, 10) }) : t('results.none')}</Body1>
        {r && r.diagnostics.length > 0 ? (
          <Diagnostics items={r.diagnostics} label={t('results.diagnostics', { count: r.diagnostics.length })} />
        ) : null}
      </section>
    );
  }
  const currency = state.currency;
  const top: (Finding & { sheet: string | null })[] = r.results
    .flatMap((x) => x.findings.map((f) => ({ ...f, sheet: x.sheet })))
    // The Dashboard's order: effects and decisions first, then money at stake.
    .sort(compareFindings)
    .slice(0, 5);
  const allDiagnostics = [...r.diagnostics, ...r.results.flatMap((x) => x.diagnostics)].filter(
    (d, i, arr) => arr.findIndex((e) => e.code === d.code && e.message.en === d.message.en) === i,
  );
  return (
    <section className={styles.step} aria-label={t('steps.results')}>
      {r.asOf ? <Caption1 className={styles.muted}>{t('results.asOf', { date: r.asOf })}</Caption1> : null}
      {r.dashboard ? (
        <Link as="button" onClick={() => void flow.goTo(r.dashboard!)}>
          {t('results.dashboard')}
        </Link>
      ) : null}
      {top.length > 0 ? (
        <Card className={styles.card}>
          <Subtitle2 as="h2">{t('results.findings')}</Subtitle2>
          <ol className={styles.findings}>
            {top.map((f) => (
              <li key={f.key}>
                <Body1>{pick(f.text, lang)}</Body1>
                {f.observational ? <Caption1 className={styles.muted}> {t('results.observational')}</Caption1> : null}
              </li>
            ))}
          </ol>
        </Card>
      ) : null}
      {r.results.map((x) => (
        <Card key={x.kind} className={styles.card} data-testid={`result-${x.kind}`}>
          <Subtitle2 as="h2">{pick(x.title, lang)}</Subtitle2>
          <Caption1 className={styles.muted}>{pick(x.question, lang)}</Caption1>
          {x.figures.length > 0 ? (
            <dl className={styles.figures} aria-label={t('results.keyFigures')}>
              {x.figures.slice(0, 6).map((f) => (
                <div key={f.key} className={styles.figure}>
                  <dt className={styles.figureLabel}>{pick(f.label, lang)}</dt>
                  <dd className={styles.figureValue} data-testid={`figure-${x.kind}-${f.key}`}>
                    {formatFigure(f, lang, currency)}
                  </dd>
                </div>
              ))}
            </dl>
          ) : null}
          {x.charts[0] ? (
            <ChartPreview
              view={x.charts[0]}
              lang={lang}
              label={t('results.chart', { title: pick(x.charts[0].title, lang) })}
            />
          ) : null}
          {x.sheet ? (
            <Link as="button" onClick={() => void flow.goTo(x.sheet!)}>
              {t('results.open', { sheet: x.sheet })}
            </Link>
          ) : null}
        </Card>
      ))}
      {allDiagnostics.length > 0 ? (
        <>
          <Subtitle2 as="h2">{t('results.diagnostics', { count: allDiagnostics.length })}</Subtitle2>
          <Diagnostics items={allDiagnostics} label={t('results.diagnostics', { count: allDiagnostics.length })} />
        </>
      ) : null}
    </section>
  );
}
