import { LEAD_STATUSES, type LeadStatusValue } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '../../graphql/connection';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload, resultPayload } from '../../graphql/mutation-payload';
import { Node } from '../../graphql/node/node.types';
import { CreatedWithinFilter, filteredPageArgs } from '../../graphql/pagination';

export const LeadStatus = enumOf(LEAD_STATUSES);
export type LeadStatus = LeadStatusValue;
registerEnumType(LeadStatus, { name: 'LeadStatus' });

@ObjectType({ description: 'A prospect detected in a conversation (or entered by hand)', implements: Node, simpleResolvers: true })
export class Lead implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => IdScalar, { nullable: true })
  conversationId!: string | null;

  @Field({ description: 'What the visitor wants, e.g. pricing or demo' })
  intent!: string;

  @Field(() => JSONObjectResolver, { description: 'Contact details, e.g. { "email": …, "phone": … }' })
  contactInfo!: unknown;

  @Field(() => LeadStatus)
  status!: string;

  @Field(() => IdScalar, { nullable: true, description: 'The message that showed the intent' })
  sourceMessageId!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export const LeadConnection = connectionTypes(Lead, 'Lead').Connection;
export type LeadConnection = InstanceType<typeof LeadConnection>;

@InputType()
export class LeadFilter extends CreatedWithinFilter {
  @Field(() => LeadStatus, { nullable: true })
  status?: LeadStatus | null;

  @Field(() => String, { nullable: true })
  intent?: string | null;
}

@ArgsType()
export class LeadsArgs extends filteredPageArgs(LeadFilter) {}

@InputType()
export class CreateLeadInput {
  @Field(() => IdScalar, { nullable: true })
  conversationId?: string | null;

  @Field()
  intent!: string;

  @Field(() => JSONObjectResolver, { nullable: true })
  contactInfo?: Record<string, unknown> | null;

  @Field(() => LeadStatus, { nullable: true })
  status?: LeadStatus | null;
}

@InputType()
export class UpdateLeadInput {
  @Field(() => LeadStatus, { nullable: true })
  status?: LeadStatus | null;

  @Field(() => JSONObjectResolver, {
    nullable: true,
    description: 'Merged into the stored contact info; a key set to null is removed',
  })
  contactInfo?: Record<string, unknown> | null;
}

export const CreateLeadPayload = resultPayload<'lead', Lead>('CreateLeadPayload', 'lead', () => Lead);
export type CreateLeadPayload = InstanceType<typeof CreateLeadPayload>;

export const UpdateLeadPayload = resultPayload<'lead', Lead>('UpdateLeadPayload', 'lead', () => Lead);
export type UpdateLeadPayload = InstanceType<typeof UpdateLeadPayload>;

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class DeleteLeadPayload extends MutationPayload {
  @Field(() => IdScalar, { nullable: true })
  deletedId?: string | null;
}
