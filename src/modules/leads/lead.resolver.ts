import type { GraphQLResolveInfo } from 'graphql';
import { carriedCount, toConnection } from '../../graphql/connection';
import { Arg, Args, Authorized, Ctx, FieldResolver, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireTenant, type RequestContext } from '../../graphql/context';
import { IdScalar } from '../../graphql/id-scalar';
import { mutationPayload } from '../../graphql/mutation-payload';
import { pageRequest, toPage } from '../../graphql/pagination';
import { selectsField } from '../../graphql/selection';
import { Conversation } from '../conversations/conversation.types';
import { countLeads, findLeadById, listLeads } from './lead.repository';
import { changeLead, createLead, removeLead } from './lead.service';
import {
  CreateLeadInput,
  CreateLeadPayload,
  DeleteLeadPayload,
  Lead,
  LeadConnection,
  LeadsArgs,
  UpdateLeadInput,
  UpdateLeadPayload,
} from './lead.types';

@Resolver(() => Lead)
export class LeadResolver {
  @Authorized('leads:read')
  @Query(() => LeadConnection, { description: 'Leads, newest first' })
  async leads(@Args() args: LeadsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<LeadConnection> {
    const { tx } = requireTenant(ctx);
    const request = pageRequest(args);
    const filter = args.filter ?? {};
    const rows = await listLeads(tx, filter, request, selectsField(info, 'totalCount'));
    return toConnection(LeadConnection, toPage(rows, request), carriedCount(rows, () => countLeads(tx, filter)));
  }

  @Authorized('leads:read')
  @Query(() => Lead, { nullable: true })
  async lead(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return findLeadById(requireTenant(ctx).tx, id);
  }

  @Authorized('conversations:read')
  @FieldResolver(() => Conversation, { nullable: true })
  async conversation(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Conversation | null> {
    if (!lead.conversationId) return null;
    return requireTenant(ctx).loaders.conversationById.load(lead.conversationId);
  }

  @Authorized('leads:write')
  @Mutation(() => CreateLeadPayload)
  async createLead(@Arg('input') input: CreateLeadInput, @Ctx() ctx: RequestContext): Promise<CreateLeadPayload> {
    return mutationPayload(ctx, async () => ({ lead: await createLead(requireTenant(ctx), input) }));
  }

  @Authorized('leads:write')
  @Mutation(() => UpdateLeadPayload)
  async updateLead(
    @Arg('id', () => IdScalar) id: string,
    @Arg('input') input: UpdateLeadInput,
    @Ctx() ctx: RequestContext,
  ): Promise<UpdateLeadPayload> {
    return mutationPayload(ctx, async () => ({ lead: await changeLead(requireTenant(ctx), id, input) }));
  }

  @Authorized('leads:write')
  @Mutation(() => DeleteLeadPayload)
  async deleteLead(@Arg('id', () => IdScalar) id: string, @Ctx() ctx: RequestContext): Promise<DeleteLeadPayload> {
    return mutationPayload(ctx, async () => {
      await removeLead(requireTenant(ctx), id);
      return { deletedId: id };
    });
  }
}
