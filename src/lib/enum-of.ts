type ReplaceAll<S extends string, From extends string, To extends string> = S extends `${infer Head}${From}${infer Tail}`
  ? `${Head}${To}${ReplaceAll<Tail, From, To>}`
  : S;
/** `knowledge_base:read` → `KNOWLEDGE_BASE_READ`. */
export type EnumKey<S extends string> = Uppercase<ReplaceAll<S, ':', '_'>>;
export type EnumOf<V extends readonly string[]> = { readonly [K in V[number] as EnumKey<K>]: K };

/**
 * An enum-like object `{ PRO: 'pro', … }` for a value list (for type-graphql's registerEnumType and
 * `Plan.PRO`-style references), so a value set is written once, as an `as const` array.
 */
export function enumOf<const V extends readonly string[]>(values: V): EnumOf<V> {
  return Object.freeze(Object.fromEntries(values.map((value) => [value.toUpperCase().replace(/:/g, '_'), value]))) as EnumOf<V>;
}
