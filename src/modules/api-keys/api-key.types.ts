import { ALL_SCOPES, type Scope } from '../../domain/vocabulary';
import { enumOf } from '../../lib/enum-of';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IdScalar } from '../../graphql/id-scalar';
import { MutationPayload } from '../../graphql/mutation-payload';
import { Node } from '../../graphql/node/node.types';

/** The scopes as a GraphQL enum: CONVERSATIONS_READ ↔ "conversations:read". */
export const ApiKeyScope = enumOf(ALL_SCOPES);
export type ApiKeyScope = Scope;
registerEnumType(ApiKeyScope, { name: 'ApiKeyScope', description: 'A write scope includes the read scope of its area' });

@ObjectType({ description: 'An API key; the key itself is shown only once, when it is created', implements: Node })
export class ApiKey implements Node {
  @Field(() => IdScalar)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [ApiKeyScope])
  scopes!: string[];

  @Field({ description: 'False once revoked' })
  isActive!: boolean;

  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute' })
  lastUsedAt!: Date | null;

  @Field()
  createdAt!: Date;
}

const PLAINTEXT_KEY = 'The key to send as `Authorization: Bearer …`. Store it now: it cannot be shown again.';

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class CreateApiKeyPayload extends MutationPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey?: ApiKey | null;

  @Field(() => String, { nullable: true, description: PLAINTEXT_KEY })
  plaintextKey?: string | null;
}

/** The platform admin's way to give an existing tenant a key (`netia key create`). */
@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class CreateTenantApiKeyPayload extends MutationPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey?: ApiKey | null;

  @Field(() => String, { nullable: true, description: PLAINTEXT_KEY })
  plaintextKey?: string | null;
}

@ObjectType({ implements: MutationPayload, simpleResolvers: true })
export class RevokeApiKeyPayload extends MutationPayload {
  @Field(() => ApiKey, { nullable: true, description: 'Now inactive' })
  apiKey?: ApiKey | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  name!: string;

  @Field(() => [ApiKeyScope], { nullable: true, description: "Defaults to the calling key's scopes" })
  scopes?: ApiKeyScope[] | null;
}
