import {
  FluentProvider,
  Select,
  Subtitle2,
  Tab,
  TabList,
  Text,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Lang } from '../../src/types.js';
import { LANGS } from '../../src/types.js';
import type { Engine } from './engine.js';
import { createFlow } from './flow.js';
import type { Flow } from './flow.js';
import type { HostTheme, PaneHost } from './host.js';
import { createI18n, langFromDisplay } from './i18n/index.js';
import { themeFromOffice } from './theme.js';
import { PaneContext } from './use-pane.js';
import { AnalysesStep } from './components/AnalysesStep.js';
import { DataStep } from './components/DataStep.js';
import { OptionsStep } from './components/OptionsStep.js';
import { ResultsStep } from './components/ResultsStep.js';
import { RunBar } from './components/RunBar.js';

const useStyles = makeStyles({
  main: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    minHeight: '100vh',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  header: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  title: { margin: 0 },
  lang: { width: '110px', flexShrink: 0 },
  tabs: { marginLeft: `calc(-1 * ${tokens.spacingHorizontalS})` },
  // Four tabs fit the 350 px pane in English and Chinese (the default padding overflowed it by 4 px).
  tab: { paddingLeft: tokens.spacingHorizontalXS, paddingRight: tokens.spacingHorizontalXS },
  body: { flexGrow: 1, overflowY: 'auto' },
  footer: {
    position: 'sticky',
    bottom: 0,
    backgroundColor: tokens.colorNeutralBackground1,
    paddingBottom: tokens.spacingVerticalS,
  },
});

type Step = 'data' | 'analyses' | 'options' | 'results';
const STEPS: Step[] = ['data', 'analyses', 'options', 'results'];
const LANG_NAMES: Record<Lang, string> = { en: 'English', 'zh-CN': '简体中文' };

function Header({ lang, setLang }: { lang: Lang; setLang: (l: Lang) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <Title3 as="h1" className={styles.title}>
        Loopbook
      </Title3>
      <Select
        className={styles.lang}
        size="small"
        aria-label={t('app.language')}
        value={lang}
        onChange={(_, d) => {
          setLang(d.value as Lang);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </Select>
    </header>
  );
}

function Pane({ flow, lang }: { flow: Flow; lang: Lang }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [step, setStep] = useState<Step>('data');
  useEffect(() => {
    void flow.start();
    return () => {
      flow.dispose();
    };
  }, [flow]);
  const value = useMemo(() => ({ flow, lang }), [flow, lang]);
  return (
    <PaneContext.Provider value={value}>
      <TabList
        className={styles.tabs}
        selectedValue={step}
        onTabSelect={(_, d) => {
          setStep(d.value as Step);
        }}
        aria-label={t('app.steps')}
        size="small"
      >
        {STEPS.map((s, i) => (
          <Tab key={s} value={s} id={`tab-${s}`} aria-controls="step-panel" className={styles.tab}>
            {`${i + 1} ${t(`steps.${s}`)}`}
          </Tab>
        ))}
      </TabList>
      <div className={styles.body} id="step-panel" role="tabpanel" aria-labelledby={`tab-${step}`}>
        {step === 'data' ? <DataStep /> : null}
        {step === 'analyses' ? <AnalysesStep /> : null}
        {step === 'options' ? <OptionsStep /> : null}
        {step === 'results' ? <ResultsStep /> : null}
      </div>
      <footer className={styles.footer}>
        <RunBar
          onDone={() => {
            setStep('results');
          }}
        />
      </footer>
    </PaneContext.Provider>
  );
}

export interface AppProps {
  /** The workbook, or null outside Excel (the pane then says where to open it). */
  host: PaneHost | null;
  /** Starts the analysis engine (a Web Worker in the pane, in-process in tests). */
  createEngine?: () => Engine;
  /** Display language when there is no host (outside Office). */
  displayLanguage?: string;
}

/** The task pane's root: theme and language from Office, then the four steps and the run bar. */
export function App({ host, createEngine, displayLanguage }: AppProps) {
  const [lang, setLangState] = useState<Lang>(() =>
    langFromDisplay(host?.displayLanguage ?? displayLanguage ?? 'en-US'),
  );
  // One i18next instance per pane; language changes go through changeLanguage.
  const [i18n] = useState(() => createI18n(lang));
  const [officeTheme, setOfficeTheme] = useState<HostTheme | null>(() => host?.theme() ?? null);
  useEffect(() => host?.onThemeChanged?.(setOfficeTheme), [host]);
  const theme = useMemo(() => themeFromOffice(officeTheme), [officeTheme]);
  const flow = useMemo(() => (host && createEngine ? createFlow(host, createEngine()) : null), [host, createEngine]);
  const styles = useStyles();
  const setLang = (l: Lang) => {
    setLangState(l);
    void i18n.changeLanguage(l);
  };
  return (
    <I18nextProvider i18n={i18n}>
      <FluentProvider theme={theme} lang={lang}>
        <main className={styles.main} data-testid="app-root" lang={lang}>
          <Header lang={lang} setLang={setLang} />
          {flow ? (
            <Pane flow={flow} lang={lang} />
          ) : (
            <>
              <Subtitle2>{i18n.t('app.tagline')}</Subtitle2>
              <Text role="status">{i18n.t('app.outside')}</Text>
            </>
          )}
        </main>
      </FluentProvider>
    </I18nextProvider>
  );
}
