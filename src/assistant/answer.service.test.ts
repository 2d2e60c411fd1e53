import { Writable } from 'node:stream';
import pino from 'pino';
import type { AnswerContext } from './assistant.types';
import { CONFIDENCE_THRESHOLDS } from './builtin.responder';
import { DEFAULT_HANDOFF_MESSAGE, produceAnswer } from './answer.service';
import { LlmError, type LlmProvider, type LlmRequest } from './llm/llm.provider';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const silent = pino({ level: 'silent' });

function context(overrides: Partial<AnswerContext> = {}): AnswerContext {
  return {
    tenantId: '00000000-0000-4000-8000-00000000000a',
    quotaExceeded: false,
    question: 'What are your opening hours?',
    systemPrompt: null,
    candidates: [
      { id: 'custom', contentType: 'custom', title: null, content: 'Opening hours brochure', score: 9, coverage: 1 },
      { id: 'good', contentType: 'faq', title: 'Opening hours', content: 'Mon–Fri 9–17.', score: 8, coverage: 0.9 },
      { id: 'weak', contentType: 'faq', title: 'Hours of the cafe', content: 'Cafe: 8-12.', score: 2, coverage: 0.34 },
    ],
    unknownShare: 0,
    sources: [],
    history: [],
    ai: {},
    assistant: {},
    leadCapture: {},
    ...overrides,
  };
}

function fakeLlm(complete: LlmProvider['complete']): LlmProvider & { calls: LlmRequest[] } {
  const calls: LlmRequest[] = [];
  return {
    defaultModel: 'server-default',
    calls,
    complete: (request, options) => {
      calls.push(request);
      return complete(request, options);
    },
  };
}

describe(produceAnswer.name, () => {
  it('hands off on a visitor request without calling the LLM', async () => {
    const llm = fakeLlm(async () => ({ text: 'x', model: 'm', promptTokens: 1, completionTokens: 1 }));
    const answer = await produceAnswer(context({ question: 'Let me talk to a human' }), { llm, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'handoff', handoffReason: 'visitor_request', text: DEFAULT_HANDOFF_MESSAGE });
    expect(llm.calls).toHaveLength(0);
  });

  it('without an LLM answers with the best FAQ when it is sure, never custom content', async () => {
    const answer = await produceAnswer(context(), { llm: null, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'faq', text: 'Mon–Fri 9–17.', metadata: { model: 'builtin', sources: [{ id: 'good' }] } });
    expect(answer.metadata.confidence).toBeGreaterThanOrEqual(CONFIDENCE_THRESHOLDS.minConfidence);
  });

  it('without an LLM hands off with the tenant’s message when no FAQ matches well enough', async () => {
    const answer = await produceAnswer(
      context({ candidates: context().candidates.filter((s) => s.id !== 'good'), assistant: { handoffMessage: 'Our team will reply.' } }),
      { llm: null, timeoutMs: 1000, logger: silent },
    );
    expect(answer).toMatchObject({ kind: 'handoff', handoffReason: 'low_confidence', text: 'Our team will reply.' });
    expect(answer.metadata).toMatchObject({ handoffReason: 'low_confidence', sources: [{ id: 'custom' }, { id: 'weak' }] });
  });

  it('without an LLM hands off when two FAQs match the question equally (low confidence)', async () => {
    const tied = context().candidates.map((c) => (c.id === 'weak' ? { ...c, score: 8, coverage: 0.9 } : c));
    const answer = await produceAnswer(context({ candidates: tied }), { llm: null, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'handoff', handoffReason: 'low_confidence' });
    expect(answer.metadata.confidence).toBeLessThan(CONFIDENCE_THRESHOLDS.minConfidence);
  });

  it('without an LLM hands off as no_answer when nothing matches', async () => {
    const answer = await produceAnswer(context({ candidates: [] }), { llm: null, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'handoff', handoffReason: 'no_answer', metadata: { confidence: 0 } });
  });

  it('turns the LLM’s decline signal into a handoff, never sending it', async () => {
    const llm = fakeLlm(async () => ({ text: 'NO_ANSWER_IN_FACTS', model: 'm', promptTokens: 5, completionTokens: 1 }));
    const answer = await produceAnswer(context(), { llm, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'handoff', handoffReason: 'no_answer', text: DEFAULT_HANDOFF_MESSAGE, metadata: { declined: true } });
  });

  it('treats an empty LLM reply as a failure', async () => {
    const llm = fakeLlm(async () => ({ text: '   ', model: 'm', promptTokens: 1, completionTokens: 0 }));
    const answer = await produceAnswer(context(), { llm, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'fallback', flaggedReason: 'llm_error', metadata: { error: 'empty_response' } });
  });

  it('logs a failure without the question, the prompt or the provider’s message', async () => {
    const { logger, lines } = capturingLogger();
    const llm = fakeLlm(async () => {
      throw new LlmError('http_401');
    });
    const answer = await produceAnswer(context({ question: 'my secret order 4242' }), { llm, timeoutMs: 1000, logger });
    expect(answer).toMatchObject({ kind: 'fallback', metadata: { error: 'http_401', model: 'server-default' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('http_401');
    expect(lines[0]).not.toContain('4242');
    expect(lines[0]).not.toContain('Opening hours');
  });

  it('aborts a call that outlives the timeout', async () => {
    const llm = fakeLlm(
      (_request, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new LlmError('aborted')))),
    );
    const answer = await produceAnswer(context(), { llm, timeoutMs: 20, logger: silent });
    expect(answer).toMatchObject({ kind: 'fallback', flaggedReason: 'llm_timeout', metadata: { error: 'timeout' } });
  });
});
