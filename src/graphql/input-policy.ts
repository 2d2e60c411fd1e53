import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { badUserInput } from '../lib/errors';
import { describeTextProblem, MAX_JSON_DEPTH, textProblem } from '../lib/storable-text';
import { DEFAULT_MAX_STRING_LENGTH, STRING_LIMITS } from './input-limits';

/**
 * The GraphQL edge's one input policy, applied to every field that takes arguments before its
 * resolver runs: each string (in arguments, input objects, lists and JSON scalars, keys included)
 * must be storable (no NUL, no lone surrogate) and within its length (input-limits.ts); JSON values
 * may not nest deeper than MAX_JSON_DEPTH. A violation is BAD_USER_INPUT naming the field
 * (`input.contactInfo.email: …`), never the value. Enums, Int ranges and custom scalars (UUID,
 * DateTime, EmailAddress) are already checked by graphql-js before this runs; cursors by pagination.ts.
 */
export function applyInputPolicy(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length > 0) guardField(type.name, field);
    }
  }
}

function guardField(typeName: string, field: GraphQLField<unknown, unknown>): void {
  const resolve = field.resolve ?? defaultFieldResolver;
  const args = field.args;
  const coordinate = `${typeName}.${field.name}`;
  field.resolve = (source, values, context, info) => {
    checkArguments(coordinate, args, values);
    return resolve(source, values, context, info);
  };
}

function checkArguments(coordinate: string, args: readonly GraphQLArgument[], values: Record<string, unknown>): void {
  for (const arg of args) {
    const value = values[arg.name];
    if (value !== undefined && value !== null) checkValue(arg.type, value, arg.name, `${coordinate}(${arg.name}:)`);
  }
}

function checkValue(type: GraphQLInputType, value: unknown, path: string, coordinate: string): void {
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (Array.isArray(value)) value.forEach((item, index) => item != null && checkValue(nullable.ofType, item, `${path}.${index}`, coordinate));
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[name];
      if (field && fieldValue != null) checkValue(field.type, fieldValue, `${path}.${name}`, `${nullable.name}.${name}`);
    }
    return;
  }
  if (typeof value === 'string') {
    checkString(value, path, STRING_LIMITS[coordinate] ?? DEFAULT_MAX_STRING_LENGTH);
    return;
  }
  if (value instanceof Date) {
    const time = value.getTime();
    if (!(time >= EARLIEST_DATE_TIME && time <= LATEST_DATE_TIME)) throw badUserInput(path, 'must be between 0001-01-01 and 9999-12-31');
    return;
  }
  if (isScalarType(getNamedType(type)) && typeof value === 'object') checkJson(value, path, 0);
}

function checkString(value: string, path: string, maxLength: number): void {
  const problem = textProblem(value);
  if (problem) throw badUserInput(path, describeTextProblem(problem));
  if (value.length > maxLength) throw badUserInput(path, `must be at most ${maxLength} characters`);
}

/** DateTime inputs: the years PostgreSQL and RFC 3339 both write with four digits (no year 0, no BC). */
export const EARLIEST_DATE_TIME = Date.parse('0001-01-01T00:00:00Z');
export const LATEST_DATE_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** Keys are named in the path only when they are plain names: a hostile key is never echoed. */
const PLAIN_KEY = /^[A-Za-z0-9_-]{1,64}$/;

function checkJson(value: unknown, path: string, depth: number): void {
  if (depth > MAX_JSON_DEPTH) throw badUserInput(path, `must not nest deeper than ${MAX_JSON_DEPTH} levels`);
  if (typeof value === 'string') return checkString(value, path, DEFAULT_MAX_STRING_LENGTH);
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkJson(item, `${path}.${index}`, depth + 1));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    checkString(key, `${path} (a key)`, DEFAULT_MAX_STRING_LENGTH);
    checkJson(item, PLAIN_KEY.test(key) ? `${path}.${key}` : `${path}.…`, depth + 1);
  }
}
