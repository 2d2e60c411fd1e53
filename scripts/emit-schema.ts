// Writes schema.graphql from the type-graphql resolvers (`npm run schema:emit`); a test fails when it drifts.
import 'reflect-metadata';
import { buildGraphqlSchema, SCHEMA_FILE } from '../src/graphql/schema';

buildGraphqlSchema({ emitTo: SCHEMA_FILE })
  .then(() => console.log(`wrote ${SCHEMA_FILE}`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
