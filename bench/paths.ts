import path from 'node:path';

/**
 * `npm run bench` compiles the bench and the app to bench/out/dist/ and runs plain node: under
 * ts-node the REPL module it loads turns on Node's domain support, which slows every EventEmitter
 * call, and the TypeScript compiler would count in the server's RSS. This file works in both layouts.
 */
const compiled = __dirname.endsWith(path.join('out', 'dist', 'bench'));

export const BENCH_DIR = compiled ? path.resolve(__dirname, '../../..') : __dirname;
export const OUT_DIR = path.join(BENCH_DIR, 'out');
/** How to start a bench entry file (`app-server`, `baseline-server`) in the current layout. */
export function entryPoint(name: string): { file: string; execArgv: string[] } {
  return compiled
    ? { file: path.join(__dirname, `${name}.js`), execArgv: [] }
    : { file: path.join(__dirname, `${name}.ts`), execArgv: ['-r', 'ts-node/register/transpile-only'] };
}
