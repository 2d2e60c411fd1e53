import type { Database } from '../../db/database';
import { seedDemoTenantIfEmpty } from './demo-tenant';
import { hasAnyTenant } from './tenant-admin.service';

/**
 * What a newcomer needs once the server listens, or null when there is nothing to say:
 * - embedded database, no tenant: the demo tenant is created now, and its key is shown (once);
 * - PostgreSQL, no tenant: the command that creates the first tenant and key.
 * The text goes to the terminal only, never into the structured log (it may hold a key).
 */
export async function prepareFirstStartNotice(database: Database): Promise<((graphqlUrl: string) => string) | null> {
  if (database.kind === 'pglite') {
    const demo = await seedDemoTenantIfEmpty(database.db);
    if (!demo) return null;
    return (graphqlUrl) =>
      `\nNetia demo tenant ready (Demo Shop, Pro plan, does not expire). Open ${graphqlUrl} and send the header\n` +
      `  Authorization: Bearer ${demo.apiKey}\n` +
      `then try: { conversations(first: 5) { edges { node { platform messages { edges { node { role content } } } } } } }\n\n`;
  }
  if (await hasAnyTenant(database.db)) return null;
  return (graphqlUrl) =>
    `\nNetia is running on PostgreSQL with no tenant yet. Create the first tenant and its API key with\n` +
    `  npx netia tenant create --name "Your Company" --email you@example.com\n` +
    `(same DATABASE_URL; it prints the key once), then open ${graphqlUrl} and send the header\n` +
    `  Authorization: Bearer <that key>\n\n`;
}
