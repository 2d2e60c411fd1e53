import { MESSAGE_ROLES } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { JSONObjectResolver } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { Node } from '../../graphql/node/node.types';
import { PageInfo } from '../../graphql/pagination';

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

@ObjectType({ simpleResolvers: true })
export class MessageEdge {
  @Field()
  cursor!: string;

  @Field(() => Message)
  node!: Message;
}

@ObjectType({ simpleResolvers: true })
export class MessageConnection {
  @Field(() => [MessageEdge])
  edges!: MessageEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  count!: () => Promise<number>;

  @Field(() => Int, { description: 'All messages of the conversation' })
  totalCount(): Promise<number> {
    return this.count();
  }
}
