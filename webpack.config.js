// Builds the task pane and the ribbon commands page.
// Production: office.js comes from Microsoft's CDN (the Office store requires it).
// Development and tests: office.js and its host files are served from @microsoft/office-js, locally.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { EsbuildPlugin } from 'esbuild-loader';

const root = path.dirname(fileURLToPath(import.meta.url));
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const OFFICE_LOCAL = '/office-js/office.js';
const OFFICE_DIST = path.join(root, 'node_modules/@microsoft/office-js/dist');

/** The pane's Content-Security-Policy: nothing leaves the machine but the office.js load. */
export function contentSecurityPolicy(production) {
  const officeOrigin = production ? ' https://appsforoffice.microsoft.com' : '';
  return [
    "default-src 'self'",
    `script-src 'self'${officeOrigin}`,
    // Fluent UI (Griffel) injects style elements at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

async function devServerHttps() {
  try {
    const devCerts = await import('office-addin-dev-certs');
    const options = await devCerts.getHttpsServerOptions();
    return { type: 'https', options: { ca: options.ca, key: options.key, cert: options.cert } };
  } catch (error) {
    console.warn(
      `\n[loopbook] Could not install or read the development certificates (${error instanceof Error ? error.message : String(error)}).\n` +
        '[loopbook] Serving HTTPS with a self-signed certificate instead. To trust one, run\n' +
        '[loopbook]   npx office-addin-dev-certs install\n' +
        '[loopbook] (on Windows or Mac), then restart `npm run dev-server`.\n',
    );
    return 'https';
  }
}

export default async (env, argv) => {
  const production = argv.mode === 'production';
  const officeJs = production ? OFFICE_CDN : OFFICE_LOCAL;
  const csp = contentSecurityPolicy(production);
  const page = (chunk, filename, title) =>
    new HtmlWebpackPlugin({
      filename,
      template: path.join(root, 'addin/page.html'),
      chunks: [chunk],
      templateParameters: { officeJs, csp, title },
    });
  return {
    mode: production ? 'production' : 'development',
    // No eval-based source maps: the pages' CSP forbids eval.
    devtool: production ? 'source-map' : 'cheap-module-source-map',
    entry: {
      taskpane: path.join(root, 'addin/taskpane/index.tsx'),
      commands: path.join(root, 'addin/commands/commands.ts'),
      // The task pane beside a simulated workbook (addin/playground); no office.js on that page.
      playground: path.join(root, 'addin/playground/index.tsx'),
    },
    output: { path: path.join(root, 'dist'), filename: '[name].[contenthash:8].js', clean: true },
    resolve: {
      extensions: ['.ts', '.tsx', '.js'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
    module: {
      rules: [{ test: /\.[jt]sx?$/, exclude: /node_modules/, loader: 'esbuild-loader', options: { target: 'es2020' } }],
    },
    optimization: {
      minimizer: [new EsbuildPlugin({ target: 'es2020', css: true })],
      // Libraries in chunks of their own. In one file, every module's code sits inside the bundle's one function,
      // and each time Chromium asks V8 where the running script is while the bundle starts (several times as the
      // pane loads), V8 re-parses that whole function to find source positions: 280-430 ms of CPU in the page's
      // first task (trace: V8.CollectSourcePositions), the longest task of the pane's opening. Split, 105-180 ms.
      splitChunks: { chunks: 'all' },
    },
    performance: { hints: false },
    plugins: [
      page('taskpane', 'taskpane.html', 'Loopbook'),
      page('commands', 'commands.html', 'Loopbook commands'),
      new HtmlWebpackPlugin({
        filename: 'playground.html',
        template: path.join(root, 'addin/playground/playground.html'),
        chunks: ['playground'],
        templateParameters: { csp },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/icon-*.png', to: 'assets/[name][ext]' },
          // The playground loads the sample workbook in the browser (addin/playground/xlsx-model.ts).
          { from: 'assets/sample/loopbook-sample.xlsx', to: 'sample/[name][ext]', info: { minimized: true } },
          // Local office.js for development and tests; already minified, so the minimizer skips it.
          ...(production
            ? []
            : [
                {
                  from: OFFICE_DIST,
                  to: 'office-js',
                  globOptions: {
                    ignore: ['**/*.debug.js', '**/*.d.ts', '**/office-vsdoc.js'],
                  },
                  filter: (file) => {
                    const rel = path.relative(OFFICE_DIST, file).replace(/\\/g, '/');
                    return (
                      /^(office|o15apptofilemappingtable|es6-promise)\.js$/.test(rel) ||
                      /^excel[^/]*\.js$/.test(rel) ||
                      /^(en-us|zh-cn)\/office_strings\.js$/.test(rel)
                    );
                  },
                  info: { minimized: true },
                },
              ]),
        ],
      }),
    ],
    devServer: {
      // `--env playground`: plain HTTP on port 3001 and the playground page opened (npm run playground).
      port: env?.playground ? 3001 : 3000,
      headers: { 'Access-Control-Allow-Origin': '*' },
      server: env?.playground ? 'http' : production ? 'https' : await devServerHttps(),
      ...(env?.playground ? { open: ['/playground.html'] } : {}),
      static: false,
      hot: false,
      client: { overlay: { errors: true, warnings: false } },
    },
  };
};
