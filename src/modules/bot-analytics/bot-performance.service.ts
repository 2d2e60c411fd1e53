import type { LlmPrice } from '../../config';
import type { TenantTx } from '../../db/tenant-transaction';
import type { ChatPlatform } from '../conversations/conversation.types';
import { computeBotPerformance } from './bot-performance.repository';
import type { BotPerformance, LlmModelUsage } from './bot-performance.types';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** US dollars for the tokens at the model's price per million tokens; null when it has none. */
export function estimateCost(usage: { model: string; promptTokens: number; completionTokens: number }, prices: Record<string, LlmPrice>): number | null {
  const price = prices[usage.model];
  if (!price) return null;
  return round((usage.promptTokens * price.prompt + usage.completionTokens * price.completion) / 1_000_000, 6);
}

/** The figures of botPerformance over [from, to), costs estimated from LLM_PRICES. */
export async function botPerformance(
  tx: TenantTx,
  range: { from: Date; to: Date; platform: ChatPlatform | null },
  prices: Record<string, LlmPrice>,
): Promise<BotPerformance> {
  const row = await computeBotPerformance(tx, range.from, range.to, range.platform);
  const llmUsage: LlmModelUsage[] = row.models.map((usage) => ({ ...usage, estimatedCostUsd: estimateCost(usage, prices) }));
  const costs = llmUsage.map((usage) => usage.estimatedCostUsd);
  const handoffs = {
    visitorAsked: row.visitorAsked,
    noAnswer: row.noAnswer,
    lowConfidence: row.lowConfidence,
    operatorSteppedIn: row.operatorSteppedIn,
    quotaExceeded: row.quotaExceeded,
    llmError: row.llmError,
  };
  return {
    ...range,
    conversations: row.conversations,
    visitorMessages: row.visitorMessages,
    botAnswers: row.botAnswers,
    handoffs: { total: Object.values(handoffs).reduce((a, b) => a + b, 0), ...handoffs },
    automatedConversations: row.automatedConversations,
    automationRate: row.conversations > 0 ? round(row.automatedConversations / row.conversations, 4) : null,
    answersFollowedByHandoff: row.answersFollowedByHandoff,
    answersRatedWrong: row.answersRatedWrong,
    replyLatencyMs: { p50: row.latencyP50 === null ? null : round(row.latencyP50, 1), p95: row.latencyP95 === null ? null : round(row.latencyP95, 1) },
    llmCalls: row.llmCalls,
    llmUsage,
    estimatedCostUsd: costs.some((cost) => cost === null) ? null : round(costs.reduce<number>((a, b) => a + (b ?? 0), 0), 6),
    daily: row.daily,
  };
}
