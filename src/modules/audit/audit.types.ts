import { AUDIT_ACTOR_TYPES, type AuditActorTypeValue } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { JSONObjectResolver } from 'graphql-scalars';
import { ArgsType, Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '../../graphql/connection';
import { IdScalar } from '../../graphql/id-scalar';
import { Node } from '../../graphql/node/node.types';
import { CreatedWithinFilter, filteredPageArgs } from '../../graphql/pagination';

export const AuditActorType = enumOf(AUDIT_ACTOR_TYPES);
export type AuditActorType = AuditActorTypeValue;
registerEnumType(AuditActorType, {
  name: 'AuditActorType',
  valuesConfig: {
    API_KEY: { description: 'A tenant API key (actorId is its id)' },
    ADMIN: { description: 'The platform operator: admin token or CLI (actorId cli)' },
    SYSTEM: { description: 'Netia itself' },
  },
});

@ObjectType({ description: "One recorded change to the tenant's data or settings", implements: Node })
export class AuditEvent implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => AuditActorType)
  actorType!: string;

  @Field(() => String, { nullable: true, description: 'The API key id for api_key actors' })
  actorId!: string | null;

  @Field({ description: 'The mutation or command, e.g. createLead' })
  action!: string;

  @Field(() => String, { nullable: true })
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field(() => JSONObjectResolver, { description: 'Argument and field names, counts; never personal data' })
  details!: unknown;

  @Field()
  createdAt!: Date;
}

export const AuditEventConnection = connectionTypes(AuditEvent, 'AuditEvent').Connection;
export type AuditEventConnection = InstanceType<typeof AuditEventConnection>;

@InputType()
export class AuditEventFilterInput extends CreatedWithinFilter {
  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => String, { nullable: true })
  actorId?: string | null;

  @Field(() => String, { nullable: true })
  targetId?: string | null;
}

@ArgsType()
export class AuditEventsArgs extends filteredPageArgs(AuditEventFilterInput) {}
