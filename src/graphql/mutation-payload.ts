import { GraphQLError } from 'graphql';
import { DomainError } from '../lib/errors';
import { sql } from 'kysely';
import { Field, InterfaceType, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import type { RequestContext } from './context';

/** The failures a client should expect and handle; each arrives in its mutation's payload, not as a GraphQL error. */
export enum UserErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  PLAN_LIMIT_REACHED = 'PLAN_LIMIT_REACHED',
  NOT_SUPPORTED = 'NOT_SUPPORTED',
}
registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  valuesConfig: {
    NOT_FOUND: { description: 'The id names nothing this key can see' },
    CONFLICT: { description: 'A unique value is already taken' },
    PLAN_LIMIT_REACHED: { description: "The tenant's plan allows no more (the message names the limit)" },
    NOT_SUPPORTED: { description: 'The target or this server cannot do this (e.g. a conversation on no chat platform)' },
  },
});

@ObjectType({ description: 'An expected failure of a mutation; when a payload has any, the mutation changed nothing', simpleResolvers: true })
export class UserError {
  @Field(() => UserErrorCode)
  code!: UserErrorCode;

  @Field()
  message!: string;

  @Field(() => String, { nullable: true, description: 'The argument or input field at fault, as a path (input.email)' })
  field!: string | null;
}

/**
 * Every mutation returns a `<MutationName>Payload` implementing this: its result fields (null when
 * `errors` is not empty) and `errors`, so a client can handle failures of any mutation in one place.
 */
@InterfaceType({ description: "Every mutation's payload: the result fields are null when errors is not empty" })
export abstract class MutationPayload {
  @Field(() => [UserError], { description: 'Empty on success' })
  errors!: UserError[];
}

/**
 * The payload of a mutation whose result is one nullable field, e.g.
 * `export const CreateLeadPayload = resultPayload<'lead', Lead>('CreateLeadPayload', 'lead', () => Lead)` and
 * `export type CreateLeadPayload = InstanceType<typeof CreateLeadPayload>`: mutations returning the same thing
 * share one declaration instead of a class each.
 */
export function resultPayload<K extends string, T>(name: string, field: K, type: () => ClassType, options: { description?: string } = {}) {
  @ObjectType(name, { implements: MutationPayload, simpleResolvers: true })
  class Payload extends MutationPayload {}
  Field(type, { nullable: true, ...options })(Payload.prototype, field);
  return Payload as ClassType<MutationPayload & { [P in K]?: T | null }>;
}

const EXPECTED: ReadonlySet<string> = new Set(Object.values(UserErrorCode));

function toUserError(error: unknown): UserError | null {
  if (!(error instanceof DomainError || error instanceof GraphQLError)) return null;
  const { code, field } = error.extensions;
  if (typeof code !== 'string' || !EXPECTED.has(code)) return null;
  return { code: code as UserErrorCode, message: error.message, field: typeof field === 'string' ? field : null };
}

/**
 * Runs one mutation and shapes its payload. Services signal an expected failure by throwing the
 * DomainError of a UserErrorCode (notFound, conflict, planLimitReached, notSupported); it becomes
 * `{ errors: [...] }`. Anything else (bad input, auth, bugs) still throws and fails the request.
 *
 * In a tenant request the mutation runs inside a savepoint: an expected failure rolls back exactly
 * this mutation's writes (a failed INSERT also leaves PostgreSQL's transaction unusable until then),
 * so the other mutations of the operation, and their audit rows, still commit. Admin mutations open
 * their own transactions, which a thrown failure has already rolled back.
 */
export async function mutationPayload<T extends object>(
  ctx: RequestContext,
  work: () => Promise<T>,
): Promise<Partial<T> & { errors: UserError[] }> {
  const tx = ctx.tenant?.tx;
  if (tx) await sql`savepoint mutation_payload`.execute(tx);
  try {
    const result = await work();
    if (tx) await sql`release savepoint mutation_payload`.execute(tx);
    return { ...result, errors: [] };
  } catch (error) {
    const userError = toUserError(error);
    if (!userError) throw error;
    if (tx) await sql`rollback to savepoint mutation_payload`.execute(tx);
    return { errors: [userError] } as Partial<T> & { errors: UserError[] };
  }
}

/** True when a resolved mutation result is a payload that reports failures (the audit trail skips it). */
export function hasUserErrors(result: unknown): boolean {
  const errors = (result as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.length > 0;
}
