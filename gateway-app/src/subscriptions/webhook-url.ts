import { badRequest } from '../errors/app-error';

/**
 * Checks a webhook target: an absolute http(s) URL without credentials whose host is allowed by the
 * configuration. The allow-list is what stands between subscribers and server-side request forgery (a URL
 * pointing the app at an internal service), so it names hosts exactly (`hooks.example.com`), by suffix
 * (`*.example.com`), or `*` for any host; the default allows loopback only.
 */
export function checkWebhookUrl(text: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badRequest('INVALID_ARGUMENT', `url: not an absolute URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw badRequest('INVALID_ARGUMENT', `url: only http and https are allowed, not ${url.protocol.slice(0, -1)}`);
  if (url.username || url.password)
    throw badRequest('INVALID_ARGUMENT', 'url: must not carry credentials (the signature authenticates the app)');
  if (url.hash) throw badRequest('INVALID_ARGUMENT', 'url: must not have a #fragment');
  const host = url.hostname.toLowerCase();
  if (!allowedHosts.some((pattern) => hostMatches(host, pattern.toLowerCase())))
    throw badRequest(
      'INVALID_ARGUMENT',
      `url: host ${host} is not an allowed webhook target (allowed: ${allowedHosts.join(', ') || 'none'}; see webhooks.allowedHosts)`,
      { allowedHosts },
    );
  return url;
}

function hostMatches(host: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}
