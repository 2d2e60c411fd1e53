import { MESSAGE_ROLES } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { JSONObjectResolver } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { connectionTypes } from '../../graphql/connection';
import { IdScalar } from '../../graphql/id-scalar';
import { Node } from '../../graphql/node/node.types';

export const MessageRole = enumOf(MESSAGE_ROLES);
export type MessageRole = (typeof MESSAGE_ROLES)[number];
registerEnumType(MessageRole, { name: 'MessageRole' });

@ObjectType({ description: 'One message of a conversation', implements: Node, simpleResolvers: true })
export class Message implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field(() => IdScalar)
  conversationId!: string;

  @Field(() => MessageRole)
  role!: string;

  @Field()
  content!: string;

  @Field()
  timestamp!: Date;

  @Field(() => String, { nullable: true, description: "The platform's own message id" })
  externalId!: string | null;

  @Field(() => JSONObjectResolver)
  metadata!: unknown;
}

export const MessageConnection = connectionTypes(Message, 'Message', 'All messages of the conversation').Connection;
export type MessageConnection = InstanceType<typeof MessageConnection>;
