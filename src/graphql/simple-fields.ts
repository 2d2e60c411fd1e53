import { isObjectType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** The class and its ancestors: type-graphql object types inherit their parents' fields. */
function classChain(target: Function): Function[] {
  const chain: Function[] = [];
  for (let cls: unknown = target; typeof cls === 'function' && cls !== Function.prototype; cls = Object.getPrototypeOf(cls)) {
    chain.push(cls as Function);
  }
  return chain;
}

/**
 * type-graphql hands simple fields (`@ObjectType({ simpleResolvers: true })`, `@Field({ simple: true })`)
 * to graphql-js's default resolver, which skips `@Authorized` and `@UseMiddleware` without a word. A
 * scope check on such a field would silently vanish, so building the schema fails instead; mark that
 * field `@Field({ simple: false })`.
 */
export function assertNoGuardedSimpleField(schema: GraphQLSchema): void {
  const storage = getMetadataStorage();
  for (const objectType of storage.objectTypes) {
    const built = schema.getType(objectType.name);
    if (!isObjectType(built)) continue;
    const chain = classChain(objectType.target);
    for (const [name, field] of Object.entries(built.getFields())) {
      if (field.resolve) continue;
      const guarded =
        storage.authorizedFields.some((auth) => auth.fieldName === name && chain.includes(auth.target)) ||
        storage.authorizedResolver.some((auth) => chain.includes(auth.target)) ||
        storage.middlewares.some((middleware) => middleware.fieldName === name && chain.includes(middleware.target)) ||
        storage.resolverMiddlewares.some((middleware) => chain.includes(middleware.target));
      if (guarded) {
        throw new Error(`${objectType.name}.${name} is a simple field but has @Authorized or a middleware, which would be skipped`);
      }
    }
  }
}
