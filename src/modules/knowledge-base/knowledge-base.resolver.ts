import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { listKnowledgeBase, type KnowledgeBaseRow } from './knowledge-base.repository';
import { activateKnowledgeBaseVersion, addAlternativeQuestion, publishKnowledgeBase, removeKnowledgeBaseEntry } from './knowledge-base.service';
import {
  ActivateKnowledgeBaseVersionPayload,
  AddAlternativeQuestionPayload,
  DeleteKnowledgeBaseEntryPayload,
  KnowledgeBaseContentType,
  KnowledgeBaseEntry,
  PublishKnowledgeBaseInput,
  PublishKnowledgeBasePayload,
} from './knowledge-base.types';

@Resolver(() => KnowledgeBaseEntry)
export class KnowledgeBaseResolver {
  @Authorized('knowledge_base:read')
  @Query(() => [KnowledgeBaseEntry], { description: 'Active entries; includeInactive adds the version history. Newest version first.' })
  async knowledgeBase(
    @Arg('contentType', () => KnowledgeBaseContentType, { nullable: true }) contentType: KnowledgeBaseContentType | null,
    @Arg('includeInactive', () => Boolean, { defaultValue: false }) includeInactive: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<KnowledgeBaseRow[]> {
    return listKnowledgeBase(requireTenant(ctx).tx, { contentType, includeInactive });
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => PublishKnowledgeBasePayload)
  async publishKnowledgeBase(@Arg('input') input: PublishKnowledgeBaseInput, @Ctx() ctx: RequestContext): Promise<PublishKnowledgeBasePayload> {
    return mutationPayload(ctx, async () => {
      const entry = await publishKnowledgeBase(requireTenant(ctx), input, ctx.plans);
      return { knowledgeBaseEntry: entry };
    });
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => AddAlternativeQuestionPayload, {
    description:
      'Adds a way of asking to an FAQ (any version id of it): a new version carrying its alternatives plus this one. The unansweredQuestions group of that question is resolved.',
  })
  async addAlternativeQuestion(
    @Arg('entryId', () => IdScalar) entryId: string,
    @Arg('question') question: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AddAlternativeQuestionPayload> {
    return mutationPayload(ctx, async () => {
      const entry = await addAlternativeQuestion(requireTenant(ctx), entryId, question);
      return { knowledgeBaseEntry: entry };
    });
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => ActivateKnowledgeBaseVersionPayload)
  async activateKnowledgeBaseVersion(
    @Arg('id', () => IdScalar) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ActivateKnowledgeBaseVersionPayload> {
    return mutationPayload(ctx, async () => ({ knowledgeBaseEntry: await activateKnowledgeBaseVersion(requireTenant(ctx), id, ctx.plans) }));
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => DeleteKnowledgeBaseEntryPayload)
  async deleteKnowledgeBaseEntry(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<DeleteKnowledgeBaseEntryPayload> {
    return mutationPayload(ctx, async () => {
      await removeKnowledgeBaseEntry(requireTenant(ctx), id);
      return { deletedId: id };
    });
  }
}
