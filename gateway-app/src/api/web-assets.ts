import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The web UI's files: its own folder, the browser libraries it uses served from their npm packages (never copied
 * into the repository), and its messages per language, one JSON file per view merged into one answer.
 */
export async function registerWebAssets(app: FastifyInstance, webRoot: string): Promise<void> {
  await app.register(fastifyStatic, { root: webRoot, prefix: '/', index: ['index.html'] });
  const vendor: Record<string, string> = {
    // The verify page's QR decoder.
    'jsQR.js': require.resolve('jsqr/dist/jsQR.js'),
    // i18next's ES module build (self-contained: no imports of its own).
    'i18next.js': path.join(path.dirname(require.resolve('i18next/package.json')), 'dist', 'esm', 'i18next.js'),
  };
  for (const [name, file] of Object.entries(vendor)) {
    const body = readFileSync(file);
    app.get(`/vendor/${name}`, { config: { auth: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/javascript').header('cache-control', 'public, max-age=86400').send(body),
    );
  }
  const localesRoot = path.join(webRoot, 'locales');
  for (const language of readdirSync(localesRoot)) {
    const messages = JSON.stringify(localeMessages(path.join(localesRoot, language)));
    app.get(`/locales/${language}.json`, { config: { auth: 'public' }, schema: { hide: true } }, async (_r, reply) =>
      reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(messages),
    );
  }
}

/** `{ common: {...}, verify: {...} }` from `common.json`, `verify.json`, ... (a bad file stops the start). */
export function localeMessages(folder: string): Record<string, unknown> {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
  return Object.fromEntries(
    files.map((name) => {
      const file = path.join(folder, name);
      try {
        return [name.slice(0, -'.json'.length), JSON.parse(readFileSync(file, 'utf8')) as unknown];
      } catch (err) {
        throw new Error(`${file}: ${(err as Error).message}`);
      }
    }),
  );
}
