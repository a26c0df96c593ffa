import type { GraphQLSchema } from 'graphql';
import { validityKey } from './build-schema';

/**
 * Values worked out from a schema's SDL alone, kept once a process for every sandbox built from
 * that SDL (the bench's fifty, the self-test's many), keyed by a text, least recently used out
 * first. A value that failed to be made (a throw) is not kept.
 */
export function perSdlCache<T>(maxPerSchema: number): (schema: GraphQLSchema, key: string, make: () => T) => T {
  const bySdl = new WeakMap<object, Map<string, T>>();
  return (schema, key, make) => {
    const sdl = validityKey(schema);
    let values = bySdl.get(sdl);
    if (!values) bySdl.set(sdl, (values = new Map()));
    if (values.has(key)) {
      const known = values.get(key) as T;
      // Re-inserting moves it to the end: the least recently used stays first, to go first.
      values.delete(key);
      values.set(key, known);
      return known;
    }
    const value = make();
    values.set(key, value);
    if (values.size > maxPerSchema) values.delete(values.keys().next().value!);
    return value;
  };
}
