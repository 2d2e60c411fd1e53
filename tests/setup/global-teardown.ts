import fs from 'node:fs';
import { Client } from 'pg';
import { TEMPLATE_ENV } from './template';

export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return;
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    fs.rmSync(template, { force: true });
    return;
  }
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${template} with (force)`);
  await admin.end();
}
