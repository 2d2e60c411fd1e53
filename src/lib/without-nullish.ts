/** The object without its null and undefined fields (GraphQL passes unset nullable inputs as either). */
export function withoutNullish<T extends object>(value: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}
