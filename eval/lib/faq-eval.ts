import pino from 'pino';
import { prepareAnswer } from '../../src/assistant/answer.service';
import { askAssistant } from '../../src/assistant/ask-assistant.service';
import type { KnowledgeSource } from '../../src/assistant/assistant.types';
import { withTenantTransaction } from '../../src/db/tenant-transaction';
import type { EvalApp } from './eval-app';
import type { EvalBusiness, EvalQuestion, Split } from './sets';

/** What happened to one question (held-out records are only ever counted). */
export interface QuestionOutcome {
  split: Split;
  covered: boolean;
  /** FAQ sent: right entry, wrong entry; or handed off. */
  result: 'right' | 'wrong' | 'handoff';
  /** The ranked candidates (eval ids mapped back), for calibration on the tuning set only. */
  candidates: Array<{ evalId: string; contentType: 'faq' | 'custom'; score: number; coverage: number }>;
  acceptable: string[];
  /** LLM path: an acceptable entry is among the prompt's facts (whole KB when it fits / ranked only). */
  inFactsWhole?: boolean;
  inFactsRanked?: boolean;
  tags: string[];
}

export interface BusinessOutcome {
  name: string;
  language: string;
  entries: number;
  outcomes: QuestionOutcome[];
  /** Questions sent over GraphQL/HTTP that agreed with the in-process call. */
  httpSample: { asked: number; agreed: number };
}

const logger = pino({ level: 'silent' });
/** A budget small enough that no eval KB fits: measures the ranked-facts path of a large KB. */
export const RANKED_FACTS_BUDGET = 2_500;
const HTTP_SAMPLE_EVERY = 7;

const PUBLISH = `mutation ($input: PublishKnowledgeBaseInput!) { publishKnowledgeBase(input: $input) { knowledgeBaseEntry { id } } }`;
const SET_ASSISTANT = `mutation ($input: AssistantConfigurationInput!) { setAssistantConfiguration(input: $input) { errors { message } } }`;
const SET_AI = `mutation ($input: AiConfigurationInput!) { setAiConfiguration(input: $input) { errors { message } } }`;
const ASK = `query ($q: String!) { askAssistant(question: $q) { kind sources { id } } }`;

function acceptableIds(question: EvalQuestion): string[] {
  return question.expected === null ? [] : [question.expected, ...(question.alsoAcceptable ?? [])];
}

/**
 * One business through the real paths: tenant created by the admin service, language set and every
 * entry published over GraphQL (HTTP), questions asked through askAssistant (the resolver's own
 * function) with no LLM, every 7th also over HTTP; prompt facts through prepareAnswer.
 */
export async function evaluateBusiness(app: EvalApp, business: EvalBusiness, splits: Split[], options = { facts: true }): Promise<BusinessOutcome> {
  const { tenantId, key } = await app.newTenant(`eval-${business.name}`);
  await app.graphql(key, SET_ASSISTANT, { input: { language: business.kb.language.toUpperCase() } });
  await app.graphql(key, PUBLISH, { input: { contentType: 'SYSTEM_PROMPT', content: business.kb.systemPrompt || 'Assistant.' } });
  const evalIdOf = new Map<string, string>();
  for (const entry of business.kb.entries) {
    const { publishKnowledgeBase } = await app.graphql<{ publishKnowledgeBase: { knowledgeBaseEntry: { id: string } } }>(key, PUBLISH, {
      input: { contentType: 'FAQ', title: entry.title, content: entry.content },
    });
    evalIdOf.set(publishKnowledgeBase.knowledgeBaseEntry.id, entry.id);
  }
  const scope = { tenantId, db: app.database.db };
  const deps = { llm: null, timeoutMs: 1000, logger };
  const outcomes: QuestionOutcome[] = [];
  const httpSample = { asked: 0, agreed: 0 };
  const factsIds = async (question: string) => {
    const context = await withTenantTransaction(app.database.db, tenantId, (tx) =>
      prepareAnswer(tx, { tenantId, conversationId: null, question, promptFacts: true }),
    );
    return new Set(context.sources.map((s: KnowledgeSource) => evalIdOf.get(s.id)));
  };
  for (const split of splits) {
    for (const [index, question] of business.questions[split].entries()) {
      const preview = await askAssistant(scope, question.question, deps);
      const acceptable = acceptableIds(question);
      const sent = preview.kind === 'faq' ? evalIdOf.get(preview.sources[0]?.id ?? '') : undefined;
      const result = preview.kind !== 'faq' ? 'handoff' : sent && acceptable.includes(sent) ? 'right' : 'wrong';
      if (index % HTTP_SAMPLE_EVERY === 0) {
        const { askAssistant: overHttp } = await app.graphql<{ askAssistant: { kind: string; sources: { id: string }[] } }>(key, ASK, {
          q: question.question,
        });
        httpSample.asked += 1;
        if (overHttp.kind.toLowerCase() === preview.kind && (preview.kind !== 'faq' || overHttp.sources[0]?.id === preview.sources[0]?.id)) {
          httpSample.agreed += 1;
        }
      }
      outcomes.push({
        split,
        covered: question.expected !== null,
        result,
        acceptable,
        tags: question.tags ?? [],
        candidates: preview.candidates.map((c) => ({
          evalId: evalIdOf.get(c.id) ?? '?',
          contentType: c.contentType as 'faq' | 'custom',
          score: c.score,
          coverage: c.coverage,
        })),
      });
    }
  }
  // The LLM path, twice: the whole KB fits the default budget; then a budget it cannot fit.
  for (const budget of options.facts ? [null, RANKED_FACTS_BUDGET] : []) {
    await app.graphql(key, SET_AI, { input: budget ? { knowledgeBudgetChars: budget } : {} });
    let i = 0;
    for (const split of splits) {
      for (const question of business.questions[split]) {
        const outcome = outcomes[i++]!;
        if (!outcome.covered) continue;
        const facts = await factsIds(question.question);
        const found = outcome.acceptable.some((id) => facts.has(id));
        if (budget) outcome.inFactsRanked = found;
        else outcome.inFactsWhole = found;
      }
    }
  }
  return { name: business.name, language: business.kb.language, entries: business.kb.entries.length, outcomes, httpSample };
}
