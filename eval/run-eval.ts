import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { calibrate } from './lib/calibrate';
import { startEvalApp } from './lib/eval-app';
import { evaluateBusiness, type BusinessOutcome } from './lib/faq-eval';
import { evaluateLeads } from './lib/lead-eval';
import { renderReport } from './lib/report';
import { loadSets, SPLITS, type Split } from './lib/sets';

/**
 * npm run eval [-- --sets DIR] [--out FILE] [--calibrate] [--show-tuning] [--tuning-only] [--dev] [--only faq|leads]
 * (--tuning-only, --dev and --only are for tuning rounds: they write no RESULTS.md. --dev adds the
 * dev sets, e.g. eval/leads/dev.jsonl, and --show-tuning then lists their failures too.)
 * Runs the labelled sets through the real code paths and writes eval/RESULTS.md. --calibrate and
 * --show-tuning look at the TUNING split only; held-out outcomes are only ever counted.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const root = path.resolve(option('--sets') ?? path.join(__dirname));
  const out = option('--out') ?? path.join(root, 'RESULTS.md');
  const started = Date.now();
  const sets = loadSets(root);
  const splits: Split[] = [...(args.includes('--tuning-only') ? (['tuning'] as const) : SPLITS), ...(args.includes('--dev') ? (['dev'] as const) : [])];
  const only = option('--only');
  const partial = splits.length !== SPLITS.length || only !== undefined;
  if (sets.businesses.length === 0) throw new Error(`no business under ${root}/faq`);
  const app = await startEvalApp();
  try {
    const businesses: BusinessOutcome[] = [];
    for (const business of only === 'leads' ? [] : sets.businesses) {
      businesses.push(await evaluateBusiness(app, business, [...splits], { facts: !args.includes('--no-facts') }));
      console.log(`[eval] ${business.name}: done`);
    }
    const leads = only === 'faq' ? [] : await evaluateLeads(app, sets.leads, [...splits]);
    const seconds = (Date.now() - started) / 1000;
    const report = renderReport(businesses, leads, { seconds, database: process.env.EVAL_DATABASE_URL ? 'PostgreSQL' : 'PGlite' });
    if (!partial) fs.writeFileSync(out, report);
    console.log(report);
    const tuning = businesses.flatMap((b) => b.outcomes.filter((o) => o.split === 'tuning'));
    if (args.includes('--calibrate')) console.log('[eval] calibration on tuning:', calibrate(tuning));
    if (args.includes('--show-tuning')) {
      for (const b of businesses) {
        const questions = sets.businesses.find((x) => x.name === b.name)!.questions.tuning;
        b.outcomes
          .filter((o) => o.split === 'tuning')
          .forEach((o, i) => {
            if (o.covered && o.inFactsRanked === false) {
              console.log(`[tuning-facts] ${b.name} want=${o.acceptable.join('|')} q=${JSON.stringify(questions[i]!.question)}`);
            }
            if ((o.covered && o.result !== 'right') || (!o.covered && o.result !== 'handoff')) {
              const top = o.candidates.slice(0, 3).map((c) => `${c.evalId}:${c.score.toFixed(2)}/${c.coverage.toFixed(2)}`);
              console.log(`[tuning] ${b.name} ${o.result} want=${o.acceptable.join('|') || '-'} q=${JSON.stringify(questions[i]!.question)} top=${top.join(' ')}`);
            }
          });
      }
      for (const split of ['tuning', 'dev'] as const) {
        const outcomes = leads.filter((l) => l.split === split);
        for (const o of outcomes.filter((l) => !(l.intentsRight && l.emailRight && l.phoneRight))) {
          console.log(`[${split}-lead] ${JSON.stringify(sets.leads[split][outcomes.indexOf(o)])} found=${JSON.stringify(o.found)}`);
        }
      }
    }
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
