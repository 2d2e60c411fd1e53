import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** What a browser app may send to /graphql: the two ways of passing a key, and JSON. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'Content-Type'];

/**
 * CORS for the routes registered on `scope` (buildApp gives it the GraphQL routes only): the
 * configured origins (`*` for any) get `Access-Control-Allow-Origin` and an answered preflight;
 * other origins get neither, so the browser keeps their scripts from reading responses. Keys travel
 * in headers, never cookies, so no credentials mode is needed.
 */
export async function registerCors(scope: FastifyInstance, origins: readonly string[]): Promise<void> {
  await scope.register(cors, {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}
