// The schema services completion and hover use: navigation plus a yes/no check of a value
// against any subschema, both over the same registry as diagnostics.
import { SchemaServices } from '../features/context';
import { BatchSchemas } from './load';
import { SchemaNavigator } from './navigate';
import { validatorFor } from './validate';

export function schemaServices(schemas: BatchSchemas): SchemaServices {
  const { registry } = schemas;
  const navigator = new SchemaNavigator(registry, (schema, base, value) => validatorFor(registry, schema, base).isValid(value));
  return {
    schemas,
    navigator,
    matches: (located, value) => validatorFor(registry, located.schema, located.base).isValid(value),
  };
}
