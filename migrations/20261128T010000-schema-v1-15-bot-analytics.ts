import { sql, type Kysely } from 'kysely';

/**
 * Schema v1.15: bot analytics and the knowledge-gap loop (issue 16). Listed in
 * docs/database-schema.md under "Version 1.15".
 *
 * - `answer_ratings`: an operator's verdict on one bot answer (`rateAnswer`); a `wrong` one counts in
 *   `botPerformance` and brings its question into `unansweredQuestions` under `question_key`.
 * - `unanswered_question_resolutions`: a group of unanswered questions the tenant has taught the bot
 *   (`resolveUnansweredQuestion`, or automatically by `addAlternativeQuestion` / `publishKnowledgeBase`
 *   with that question); only misses after `resolved_at` show the group again.
 * - `messages.message_kind`, `latency_ms`, `llm_model`, `prompt_tokens`, `completion_tokens`, `platform`: stored
 *   generated columns typing what the metadata says, so the figures aggregate columns, not JSON.
 * - Indexes so the figures read only the range asked for: a covering (tenant, time) index and a
 *   partial index over the bot's "no answer" / "low confidence" handoffs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
CREATE TABLE answer_ratings (
    message_id UUID NOT NULL,
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    conversation_id UUID NOT NULL,
    rating VARCHAR(10) NOT NULL CONSTRAINT answer_ratings_rating_check CHECK (rating IN ('correct', 'wrong')),
    note TEXT CONSTRAINT answer_ratings_note_length CHECK (char_length(note) <= 1000),
    -- The analysed question (src/modules/bot-analytics/question-key.ts), computed when rated.
    question_key VARCHAR(200) NOT NULL,
    question_message_id UUID,
    -- Who did it (like audit_events.actor_id: kept after the key is deleted).
    api_key_id UUID,
    rated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, message_id),
    -- Tenant-consistent references (as since v1.3): a known id of another tenant's row is refused.
    CONSTRAINT answer_ratings_message_fkey FOREIGN KEY (tenant_id, message_id)
      REFERENCES messages (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT answer_ratings_conversation_fkey FOREIGN KEY (tenant_id, conversation_id)
      REFERENCES conversations (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT answer_ratings_question_fkey FOREIGN KEY (tenant_id, question_message_id)
      REFERENCES messages (tenant_id, id) ON DELETE SET NULL (question_message_id)
);
CREATE INDEX idx_answer_ratings_wrong ON answer_ratings (tenant_id, message_id) WHERE rating = 'wrong';

CREATE TABLE unanswered_question_resolutions (
    tenant_id UUID NOT NULL DEFAULT app.current_tenant_id() REFERENCES tenants(id) ON DELETE CASCADE,
    question_key VARCHAR(200) NOT NULL,
    resolved_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- The entry that now answers it, when the resolution came from teaching one.
    entry_id UUID,
    -- Who did it (like audit_events.actor_id: kept after the key is deleted).
    api_key_id UUID,
    PRIMARY KEY (tenant_id, question_key),
    CONSTRAINT unanswered_question_resolutions_entry_fkey FOREIGN KEY (tenant_id, entry_id)
      REFERENCES knowledge_bases (tenant_id, id) ON DELETE SET NULL (entry_id)
);

-- What each message was, for analytics, typed once at write time from what the reply worker stores in
-- metadata (answerKind, handoffReason, quotaExceeded, operator), so botPerformance aggregates small
-- columns instead of parsing JSON per row. STORED generated columns: computed for the existing rows
-- by this migration (a table rewrite), so the figures hold for past data too. Every cast is guarded
-- by jsonb_typeof: an INSERT never fails on odd metadata, the column is just NULL.
ALTER TABLE messages
  ADD COLUMN message_kind VARCHAR(20) GENERATED ALWAYS AS (
    CASE
      WHEN role = 'user' THEN 'visitor'
      WHEN role <> 'assistant' THEN NULL
      WHEN metadata->'operator' = 'true'::jsonb THEN 'operator'
      WHEN metadata->>'answerKind' IN ('ai', 'faq') THEN 'answer'
      WHEN metadata->>'answerKind' = 'fallback' THEN 'llm_error'
      WHEN metadata->>'answerKind' = 'handoff' THEN
        CASE
          WHEN metadata->>'handoffReason' IN ('no_answer', 'low_confidence', 'visitor_request') THEN metadata->>'handoffReason'
          WHEN metadata->'quotaExceeded' = 'true'::jsonb THEN 'quota_exceeded'
          -- Replies before v1.15 stored no reason for the visitor's own request.
          ELSE 'visitor_request'
        END
    END) STORED,
  ADD COLUMN latency_ms DOUBLE PRECISION GENERATED ALWAYS AS (
    CASE WHEN role = 'assistant' AND jsonb_typeof(metadata->'latencyMs') = 'number' AND metadata ? 'answerKind'
      THEN (metadata->'latencyMs')::float8 END) STORED,
  ADD COLUMN llm_model VARCHAR(200) GENERATED ALWAYS AS (
    CASE WHEN role = 'assistant' AND metadata ? 'answerKind' AND jsonb_typeof(metadata->'model') = 'string' AND metadata->>'model' <> 'builtin'
      THEN left(metadata->>'model', 200) END) STORED,
  ADD COLUMN prompt_tokens DOUBLE PRECISION GENERATED ALWAYS AS (
    CASE WHEN role = 'assistant' AND jsonb_typeof(metadata->'promptTokens') = 'number' THEN (metadata->'promptTokens')::float8 END) STORED,
  ADD COLUMN completion_tokens DOUBLE PRECISION GENERATED ALWAYS AS (
    CASE WHEN role = 'assistant' AND jsonb_typeof(metadata->'completionTokens') = 'number' THEN (metadata->'completionTokens')::float8 END) STORED,
  -- The chat platform the message came or went through (what webhooks and the reply worker record),
  -- so botPerformance(platform:) filters the index instead of joining every message to its conversation.
  ADD COLUMN platform VARCHAR(10) GENERATED ALWAYS AS (
    CASE WHEN metadata->>'platform' IN ('crisp', 'tidio') THEN metadata->>'platform' END) STORED;

-- botPerformance reads a range of one tenant's messages from this index alone (an index-only scan
-- once VACUUM has marked the pages all-visible): the v1.2 index on timestamp alone would read every
-- tenant's messages of the range, and the heap besides.
CREATE INDEX idx_messages_analytics ON messages (tenant_id, timestamp)
  INCLUDE (conversation_id, message_kind, platform, latency_ms, llm_model, prompt_tokens, completion_tokens);
-- The bot's misses for lack of an answer or confidence: unansweredQuestions reads only these.
CREATE INDEX idx_messages_missed_questions ON messages (tenant_id, timestamp)
  WHERE message_kind IN ('no_answer', 'low_confidence');
`,
    )
    .execute(db);

  for (const table of ['answer_ratings', 'unanswered_question_resolutions']) {
    await sql
      .raw(
        `
ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON ${table} FOR ALL TO netia_app
  USING (tenant_id = (SELECT app.current_tenant_id()))
  WITH CHECK (tenant_id = (SELECT app.current_tenant_id()));
GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO netia_app;
`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
DROP INDEX idx_messages_missed_questions;
DROP INDEX idx_messages_analytics;
ALTER TABLE messages DROP COLUMN message_kind, DROP COLUMN latency_ms, DROP COLUMN llm_model,
  DROP COLUMN prompt_tokens, DROP COLUMN completion_tokens, DROP COLUMN platform;
DROP TABLE unanswered_question_resolutions;
DROP TABLE answer_ratings;
`,
    )
    .execute(db);
}
