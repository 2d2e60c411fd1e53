#!/usr/bin/env node
// Checks the format of the labelled evaluation sets in eval/ and prints their counts.
// Plain Node, no dependencies: `node eval/validate-sets.js`. Exits 1 on the first run with errors.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = __dirname;
const LANGUAGES = ['en', 'fr', 'de', 'es'];
const TAGS = new Set([
  'filler', 'paraphrase', 'no-shared-word', 'typo', 'short', 'long',
  'multi', 'uncovered', 'shares-words', 'other-language-words', 'plain',
]);
const INTENTS = new Set(['pricing', 'demo', 'contact', 'support', 'purchase']);
const LEAD_KEYS = ['message', 'language', 'country', 'intents', 'email', 'phone'];
const MIN = { entries: 25, questions: 80, uncovered: 0.3, noSharedWord: 0.15, short: 0.1, leads: 200 };
const E164 = /^\+[1-9]\d{7,14}$/;
const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);
const pct = (n, total) => (total ? `${Math.round((100 * n) / total)}%` : '-');

function readJsonl(file) {
  if (!fs.existsSync(file)) {
    fail(path.relative(ROOT, file), 'missing');
    return [];
  }
  const rows = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      rows.push({ row: JSON.parse(line), where: `${path.relative(ROOT, file)}:${i + 1}` });
    } catch (e) {
      fail(`${path.relative(ROOT, file)}:${i + 1}`, `invalid JSON (${e.message})`);
    }
  });
  return rows;
}

function checkKb(dir) {
  const where = path.relative(ROOT, path.join(dir, 'kb.json'));
  const kb = JSON.parse(fs.readFileSync(path.join(dir, 'kb.json'), 'utf8'));
  for (const key of ['business', 'systemPrompt']) {
    if (typeof kb[key] !== 'string' || !kb[key].trim()) fail(where, `${key} must be a non-empty string`);
  }
  if (!LANGUAGES.includes(kb.language)) fail(where, `language must be one of ${LANGUAGES.join(', ')}`);
  if (!/^[A-Z]{2}$/.test(kb.country || '')) fail(where, 'country must be an ISO 3166 alpha-2 code');
  const ids = new Set();
  for (const entry of kb.entries || []) {
    if (!KEBAB.test(entry.id || '')) fail(where, `entry id "${entry.id}" is not kebab-case`);
    if (ids.has(entry.id)) fail(where, `duplicate entry id "${entry.id}"`);
    ids.add(entry.id);
    if (!entry.title || !entry.content) fail(where, `entry "${entry.id}" needs a title and a content`);
  }
  if (ids.size < MIN.entries) fail(where, `${ids.size} entries, at least ${MIN.entries} expected`);
  return { kb, ids };
}

function checkQuestion({ row, where }, ids) {
  if (typeof row.question !== 'string' || !row.question.trim()) fail(where, 'question must be a non-empty string');
  if (row.expected !== null && !ids.has(row.expected)) fail(where, `expected "${row.expected}" is not an entry id`);
  if (row.alsoAcceptable !== undefined) {
    if (!Array.isArray(row.alsoAcceptable) || row.alsoAcceptable.length === 0) fail(where, 'alsoAcceptable must be a non-empty array');
    else if (row.expected === null) fail(where, 'alsoAcceptable needs an expected entry');
    else for (const id of row.alsoAcceptable) {
      if (!ids.has(id)) fail(where, `alsoAcceptable "${id}" is not an entry id`);
      if (id === row.expected) fail(where, `alsoAcceptable repeats expected "${id}"`);
    }
  }
  if (!Array.isArray(row.tags) || row.tags.length === 0) fail(where, 'tags must be a non-empty array');
  const tags = new Set(row.tags || []);
  for (const tag of tags) if (!TAGS.has(tag)) fail(where, `unknown tag "${tag}"`);
  if ((row.expected === null) !== tags.has('uncovered')) fail(where, '"uncovered" tag and expected: null must go together');
  if (tags.has('shares-words') && row.expected !== null) fail(where, '"shares-words" is only for uncovered questions');
  if (tags.has('no-shared-word') && row.expected === null) fail(where, '"no-shared-word" is only for covered questions');
}

function questionStats(rows) {
  const n = rows.length;
  const tag = (t) => rows.filter((r) => r.tags && r.tags.includes(t)).length;
  return {
    n,
    uncovered: rows.filter((r) => r.expected === null).length,
    noSharedWord: tag('no-shared-word'),
    short: tag('short'),
    tags: Object.fromEntries([...TAGS].map((t) => [t, tag(t)])),
  };
}

function checkFaq() {
  const faqDir = path.join(ROOT, 'faq');
  const report = [];
  for (const slug of fs.readdirSync(faqDir).sort()) {
    const dir = path.join(faqDir, slug);
    if (!fs.statSync(dir).isDirectory()) continue;
    const { kb, ids } = checkKb(dir);
    const parts = {};
    const seen = new Map();
    const allRows = [];
    // dev.jsonl (optional): written after the split for tuning rounds; checked, not counted.
    for (const part of ['tuning', 'heldout', 'dev']) {
      const file = path.join(dir, `${part}.jsonl`);
      if (part === 'dev' && !fs.existsSync(file)) continue;
      const rows = readJsonl(file);
      if (part !== 'dev') allRows.push(...rows.map((r) => r.row));
      for (const r of rows) {
        checkQuestion(r, ids);
        const key = String(r.row.question).trim().toLowerCase();
        if (seen.has(key)) fail(r.where, `duplicate question (also ${seen.get(key)})`);
        seen.set(key, r.where);
      }
      if (part !== 'dev') parts[part] = questionStats(rows.map((r) => r.row));
    }
    const all = questionStats(allRows);
    const where = `faq/${slug}`;
    if (all.n < MIN.questions) fail(where, `${all.n} questions, at least ${MIN.questions} expected`);
    if (all.uncovered < MIN.uncovered * all.n) fail(where, `uncovered ${pct(all.uncovered, all.n)}, at least 30% expected`);
    if (all.noSharedWord < MIN.noSharedWord * all.n) fail(where, `no-shared-word ${pct(all.noSharedWord, all.n)}, at least 15% expected`);
    if (all.short < MIN.short * all.n) fail(where, `short ${pct(all.short, all.n)}, at least 10% expected`);
    report.push({ slug, language: kb.language, entries: ids.size, all, ...parts });
  }
  return report;
}

function checkLead({ row, where }) {
  const keys = Object.keys(row).sort();
  if (keys.join() !== [...LEAD_KEYS].sort().join()) fail(where, `keys must be exactly ${LEAD_KEYS.join(', ')}`);
  if (typeof row.message !== 'string' || !row.message.trim()) fail(where, 'message must be a non-empty string');
  if (!LANGUAGES.includes(row.language)) fail(where, `language "${row.language}" unknown`);
  if (!/^[A-Z]{2}$/.test(row.country || '')) fail(where, 'country must be an ISO 3166 alpha-2 code');
  if (!Array.isArray(row.intents)) fail(where, 'intents must be an array');
  else {
    if (new Set(row.intents).size !== row.intents.length) fail(where, 'duplicate intent');
    for (const i of row.intents) if (!INTENTS.has(i)) fail(where, `unknown intent "${i}"`);
  }
  if (row.email !== null) {
    if (typeof row.email !== 'string' || !EMAIL.test(row.email)) fail(where, `email "${row.email}" must be a lower-case address or null`);
    else if (!String(row.message).toLowerCase().includes(row.email)) fail(where, 'email does not occur in the message');
  }
  if (row.phone !== null && (typeof row.phone !== 'string' || !E164.test(row.phone))) fail(where, `phone "${row.phone}" is not E.164`);
  if ((row.email || row.phone) && !(row.intents || []).includes('contact')) fail(where, 'gives contact details but has no "contact" intent');
}

function leadStats(rows) {
  const count = (f) => rows.filter(f).length;
  return {
    n: rows.length,
    byLanguage: Object.fromEntries(LANGUAGES.map((l) => [l, count((r) => r.language === l)])),
    byIntent: Object.fromEntries([...INTENTS].map((i) => [i, count((r) => (r.intents || []).includes(i))])),
    noSignal: count((r) => (r.intents || []).length === 0 && !r.email && !r.phone),
    multiIntent: count((r) => (r.intents || []).length > 1),
    email: count((r) => r.email),
    phone: count((r) => r.phone),
  };
}

// dev.jsonl: written after the split for tuning rounds (`npm run eval -- --dev`); checked the same way,
// never a copy of a tuning or held-out message, and not counted in the split's totals.
const DEV_MIN_PER_LANGUAGE = 40;

function checkLeads() {
  const parts = {};
  const seen = new Map();
  for (const part of ['tuning', 'heldout', 'dev']) {
    const rows = readJsonl(path.join(ROOT, 'leads', `${part}.jsonl`));
    for (const r of rows) {
      checkLead(r);
      const key = String(r.row.message).trim();
      if (seen.has(key)) fail(r.where, `duplicate message (also ${seen.get(key)})`);
      seen.set(key, r.where);
    }
    parts[part] = leadStats(rows.map((r) => r.row));
  }
  const total = parts.tuning.n + parts.heldout.n;
  if (total < MIN.leads) fail('leads', `${total} messages, at least ${MIN.leads} expected`);
  for (const l of LANGUAGES) {
    const n = parts.tuning.byLanguage[l] + parts.heldout.byLanguage[l];
    if (n < total / 5) fail('leads', `only ${n} ${l} messages: languages should be about equal`);
    if (parts.dev.byLanguage[l] < DEV_MIN_PER_LANGUAGE) fail('leads/dev', `only ${parts.dev.byLanguage[l]} ${l} messages, at least ${DEV_MIN_PER_LANGUAGE} expected`);
  }
  return parts;
}

const faq = checkFaq();
const leads = checkLeads();

console.log('FAQ sets (tuning + heldout)');
console.log('business                     lang entries  tuning heldout  uncovered  no-shared  short  filler  typo  shares-words');
for (const r of faq) {
  const a = r.all;
  console.log(
    `${r.slug.padEnd(28)} ${r.language.padEnd(4)} ${String(r.entries).padStart(7)} ${String(r.tuning.n).padStart(7)} ${String(r.heldout.n).padStart(7)}` +
      `  ${pct(a.uncovered, a.n).padStart(9)}  ${pct(a.noSharedWord, a.n).padStart(9)}  ${pct(a.short, a.n).padStart(5)}` +
      `  ${String(a.tags.filler).padStart(6)}  ${String(a.tags.typo).padStart(4)}  ${String(a.tags['shares-words']).padStart(12)}`,
  );
}
const byLang = {};
for (const r of faq) byLang[r.language] = (byLang[r.language] || 0) + r.all.n;
console.log('questions per language:', JSON.stringify(byLang), 'total:', faq.reduce((s, r) => s + r.all.n, 0));
console.log('\nLead messages');
for (const [part, s] of Object.entries(leads)) {
  console.log(`${part.padEnd(8)} ${s.n} messages  languages ${JSON.stringify(s.byLanguage)}  intents ${JSON.stringify(s.byIntent)}`);
  console.log(`${''.padEnd(8)} no signal ${s.noSignal} (${pct(s.noSignal, s.n)})  several intents ${s.multiIntent}  with email ${s.email}  with phone ${s.phone}`);
}

if (errors.length) {
  console.error(`\n${errors.length} problem(s):`);
  for (const e of errors) console.error(`  ${e}`);
  process.exit(1);
}
console.log('\nAll sets valid.');
