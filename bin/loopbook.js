#!/usr/bin/env node
// The `loopbook` command. The engine is TypeScript, run through tsx's loader so the command works
// straight from a clone after `npm install`, with no separate build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
