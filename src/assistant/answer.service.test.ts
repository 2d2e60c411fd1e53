import { Writable } from 'node:stream';
import pino from 'pino';
import type { AnswerContext } from './assistant.types';
import { BUILTIN_MIN_COVERAGE } from './builtin.responder';
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
    sources: [
      { id: 'custom', contentType: 'custom', title: null, content: 'Opening hours brochure', score: 0.9, coverage: 1 },
      { id: 'weak', contentType: 'faq', title: 'Hours of the cafe', content: 'Cafe: 8-12.', score: 0.5, coverage: 0.34 },
      { id: 'good', contentType: 'faq', title: 'Opening hours', content: 'Mon–Fri 9–17.', score: 0.4, coverage: 0.67 },
    ],
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

  it('without an LLM answers with the best FAQ above the coverage threshold, never custom content', async () => {
    expect(BUILTIN_MIN_COVERAGE).toBe(0.5);
    const answer = await produceAnswer(context(), { llm: null, timeoutMs: 1000, logger: silent });
    expect(answer).toMatchObject({ kind: 'faq', text: 'Mon–Fri 9–17.', metadata: { model: 'builtin', sources: [{ id: 'good' }] } });
  });

  it('without an LLM hands off with the tenant’s message when no FAQ matches well enough', async () => {
    const answer = await produceAnswer(
      context({ sources: context().sources.filter((s) => s.id !== 'good'), assistant: { handoffMessage: 'Our team will reply.' } }),
      { llm: null, timeoutMs: 1000, logger: silent },
    );
    expect(answer).toMatchObject({ kind: 'handoff', handoffReason: 'no_answer', text: 'Our team will reply.' });
    expect(answer.metadata.sources.map((s) => s.id)).toEqual(['custom', 'weak']);
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
