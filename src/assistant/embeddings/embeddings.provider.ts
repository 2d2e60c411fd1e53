import OpenAI from 'openai';
import type { EmbeddingsConfig } from '../../config';
import { LlmError } from '../llm/llm.provider';
import { lightFetch } from '../../lib/http-client';

/** An OpenAI-compatible /embeddings endpoint. Vectors come back unit-length (cosine = dot product). */
export interface EmbeddingsProvider {
  readonly model: string;
  readonly timeoutMs: number;
  embed(texts: string[], options: { signal?: AbortSignal }): Promise<number[][]>;
}

function normalise(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

/** The provider for EMBEDDINGS_MODEL, or null when it is unset. Errors are LlmError codes, never bodies. */
export function createEmbeddingsProvider(config: EmbeddingsConfig | null): EmbeddingsProvider | null {
  if (!config) return null;
  const client = new OpenAI({ apiKey: config.apiKey, ...(config.baseUrl && { baseURL: config.baseUrl }), timeout: config.timeoutMs, maxRetries: 0, fetch: lightFetch });
  return {
    model: config.model,
    timeoutMs: config.timeoutMs,
    async embed(texts, { signal }) {
      if (texts.length === 0) return [];
      try {
        // Floats, not the SDK's default base64: not every OpenAI-compatible server speaks base64.
        const response = await client.embeddings.create({ model: config.model, input: texts, encoding_format: 'float' }, { signal });
        const byIndex = [...response.data].sort((a, b) => a.index - b.index);
        if (byIndex.length !== texts.length) throw new LlmError('embeddings_count');
        return byIndex.map((item) => normalise(item.embedding));
      } catch (error) {
        if (error instanceof LlmError) throw error;
        throw new LlmError(error instanceof OpenAI.APIError && error.status ? `http_${error.status}` : 'embeddings_failed');
      }
    },
  };
}
