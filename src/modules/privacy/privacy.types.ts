import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload } from '../../graphql/mutation-payload';

@InputType({ description: 'Exactly one of email, phone (any format; compared in E.164) or sessionId (the platform session)' })
export class EraseVisitorInput {
  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  sessionId?: string | null;
}

@ObjectType({ description: 'What an erasure deleted', implements: MutationPayload, simpleResolvers: true })
export class EraseVisitorPayload extends MutationPayload {
  @Field(() => Int)
  conversationsDeleted!: number;

  @Field(() => Int, { description: 'Messages of the deleted conversations' })
  messagesDeleted!: number;

  @Field(() => Int)
  leadsDeleted!: number;

  @Field(() => Int, { description: 'Webhook delivery log entries that named the deleted conversations' })
  deliveriesDeleted!: number;
}

@ObjectType({ description: "All of one tenant's data as JSON Lines (no secrets)" })
export class TenantExport {
  @Field(() => IdScalar)
  tenantId!: string;

  @Field(() => Int)
  lineCount!: number;

  @Field({ description: 'One JSON object per line: {"type": …, "data": {…}}; the first line describes the export' })
  jsonLines!: string;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class ExportTenantPayload extends MutationPayload {
  @Field(() => TenantExport, { nullable: true })
  tenantExport?: TenantExport | null;
}
