import { UUIDResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { notFound } from '../../lib/errors';
import { DeletePayload } from '../leads/lead.types';
import { deleteKnowledgeBaseEntry, listKnowledgeBase, type KnowledgeBaseRow } from './knowledge-base.repository';
import { activateKnowledgeBaseVersion, addAlternativeQuestion, publishKnowledgeBase } from './knowledge-base.service';
import { KnowledgeBaseContentType, KnowledgeBaseEntry, KnowledgeBaseEntryPayload, PublishKnowledgeBaseInput } from './knowledge-base.types';

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
  @Mutation(() => KnowledgeBaseEntry)
  async publishKnowledgeBase(@Arg('input') input: PublishKnowledgeBaseInput, @Ctx() ctx: RequestContext): Promise<KnowledgeBaseRow> {
    return publishKnowledgeBase(requireTenant(ctx), input, ctx.plans);
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => KnowledgeBaseEntryPayload, {
    description: 'Adds a way of asking to an FAQ (any version id of it): a new version carrying its alternatives plus this one',
  })
  async addAlternativeQuestion(
    @Arg('entryId', () => UUIDResolver) entryId: string,
    @Arg('question') question: string,
    @Ctx() ctx: RequestContext,
  ): Promise<KnowledgeBaseEntryPayload> {
    return { entry: await addAlternativeQuestion(requireTenant(ctx), entryId, question) };
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => KnowledgeBaseEntry)
  async activateKnowledgeBaseVersion(@Arg('id', () => UUIDResolver) id: string, @Ctx() ctx: RequestContext): Promise<KnowledgeBaseRow> {
    return activateKnowledgeBaseVersion(requireTenant(ctx), id, ctx.plans);
  }

  @Authorized('knowledge_base:write')
  @Mutation(() => DeletePayload)
  async deleteKnowledgeBaseEntry(@Arg('id', () => UUIDResolver) id: string, @Ctx() ctx: RequestContext): Promise<DeletePayload> {
    if (!(await deleteKnowledgeBaseEntry(requireTenant(ctx).tx, id))) throw notFound('Knowledge base entry');
    return { deletedId: id };
  }
}
