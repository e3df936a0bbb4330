import { Body1, Caption1, Card, Checkbox, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { marks, pick } from '../i18n/index.js';
import { usePane } from '../use-pane.js';

const useStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  question: { color: tokens.colorNeutralForeground2 },
  needs: { color: tokens.colorPaletteDarkOrangeForeground2 },
});

/** Step 2: a card for every analysis in the registry; the ones the data cannot support are disabled. */
export function AnalysesStep() {
  const { t } = useTranslation();
  const { flow, state, lang } = usePane();
  const styles = useStyles();
  return (
    <section className={styles.step} aria-label={t('steps.analyses')}>
      <Body1>{state.catalogue.length ? t('analyses.intro') : t('analyses.none')}</Body1>
      {state.catalogue.map((c) => {
        const a = state.availability[c.kind];
        const ok = a?.ok;
        const needs = a && !a.ok ? a.needs : c.needs;
        const questionId = `q-${c.kind}`;
        const needsId = `n-${c.kind}`;
        return (
          <Card
            key={c.kind}
            className={styles.card}
            data-testid={`analysis-${c.kind}`}
            appearance={ok ? 'filled' : 'filled-alternative'}
          >
            <Checkbox
              label={pick(c.title, lang)}
              checked={ok && (state.chosen[c.kind] ?? false)}
              disabled={!ok}
              aria-describedby={ok ? questionId : `${questionId} ${needsId}`}
              onChange={(_, d) => {
                flow.choose(c.kind, d.checked === true);
              }}
            />
            <Caption1 id={questionId} className={styles.question}>
              {pick(c.question, lang)}
            </Caption1>
            {!ok ? (
              <Caption1 id={needsId} className={styles.needs}>
                {t('analyses.unavailable')}
                {marks(lang).aside}
                {t('analyses.needs', { needs: pick(needs, lang) })}
              </Caption1>
            ) : null}
          </Card>
        );
      })}
    </section>
  );
}
