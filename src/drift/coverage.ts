import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { SchemaUsage } from './usage';

/**
 * What our operations (the manifest's and the application's own) use of the live schema, with
 * what of it is deprecated: which types, fields and arguments a change would touch, and how much
 * of the API the integration leans on. Written with every run's schema check.
 */
export interface Coverage {
  types: { used: number; of: number };
  fields: { used: number; of: number };
  arguments: { used: number; of: number };
  /** Every field and argument used, by its coordinate, with the operations that use it and its deprecation. */
  used: Array<{ coordinate: string; usedBy: string[]; deprecated?: string }>;
}

/** Types of the API itself, not GraphQL's own (`__Type`) and not the built-in scalars. */
const ownTypes = (schema: GraphQLSchema) => Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));

export function coverageOf(live: GraphQLSchema, usage: SchemaUsage): Coverage {
  const used: Coverage['used'] = [];
  let fields = 0;
  let args = 0;
  for (const type of ownTypes(live)) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      fields++;
      const coordinate = `${type.name}.${field.name}`;
      const usedBy = usage.fields.get(coordinate);
      if (usedBy) used.push({ coordinate, usedBy: [...usedBy].sort(), ...(field.deprecationReason ? { deprecated: field.deprecationReason } : {}) });
      for (const argument of field.args) {
        args++;
        const argumentUsers = usage.args.get(`${coordinate}.${argument.name}`);
        if (argumentUsers)
          used.push({
            coordinate: `${coordinate}(${argument.name}:)`,
            usedBy: [...argumentUsers].sort(),
            ...(argument.deprecationReason ? { deprecated: argument.deprecationReason } : {}),
          });
      }
    }
  }
  const countable = ownTypes(live).filter((type) => isObjectType(type) || isInterfaceType(type) || isEnumType(type) || isInputObjectType(type));
  return {
    types: { used: countable.filter((type) => usage.types.has(type.name)).length, of: countable.length },
    fields: { used: used.filter((entry) => !entry.coordinate.endsWith(':)')).length, of: fields },
    arguments: { used: used.filter((entry) => entry.coordinate.endsWith(':)')).length, of: args },
    used: used.sort((a, b) => Number(!!b.deprecated) - Number(!!a.deprecated) || a.coordinate.localeCompare(b.coordinate)),
  };
}

/** The coverage for people: the totals, then what is deprecated and still used, then everything used. */
export function coverageMarkdown(coverage: Coverage): string {
  const deprecated = coverage.used.filter((entry) => entry.deprecated);
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    '# What our operations use of the live schema',
    '',
    `${coverage.types.used} of ${coverage.types.of} types, ${coverage.fields.used} of ${coverage.fields.of} fields, ${coverage.arguments.used} of ${coverage.arguments.of} arguments; ${deprecated.length} deprecated and in use.`,
    '',
    '| used | deprecated | by |',
    '|---|---|---|',
    ...coverage.used.map((entry) => `| \`${entry.coordinate}\` | ${entry.deprecated ? cell(entry.deprecated) : ''} | ${cell(entry.usedBy.join(', '))} |`),
    '',
  ].join('\n');
}
