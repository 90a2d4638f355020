import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../server/app';
import { authConfigFromEnv } from '../server/auth/config';
import type { Repository } from '../ingest/repository';
import { fixtureRepository } from './fixture-repository';

/** Test-only secrets, passed as an environment would pass them. */
export const TEST_ADMIN_PASSWORD = 'test-admin-password-1';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface EditorApp {
  app: FastifyInstance;
  repo: Repository;
  dataDir: string;
  base: string;
  close(): Promise<void>;
}

/** The real app over HTTP on a fixture repository (all the reports, or the files named), with the editor API enabled. */
export async function editorApp(options: Partial<AppOptions> = {}, files?: string[]): Promise<EditorApp> {
  const { repo, dataDir } = await fixtureRepository('embedded', files);
  const app = await buildApp({
    ...repo,
    auth: authConfigFromEnv({ SCR_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, SCR_ADMIN_TOKEN: TEST_ADMIN_TOKEN }),
    security: { rateLimit: false },
    ...options,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    repo,
    dataDir,
    base,
    async close() {
      await app.close();
      await repo.backend.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A JSON request to the app, as the admin unless other headers are given, with the answer read whole. */
export async function callJson(env: EditorApp, method: string, url: string, json?: unknown, headers: Record<string, string> = bearer(TEST_ADMIN_TOKEN)): Promise<{ status: number; body: any }> {
  const res = await fetch(env.base + url, {
    method,
    headers: { ...headers, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : undefined,
  });
  return { status: res.status, body: await res.json() };
}
