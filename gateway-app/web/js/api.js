/* global location, sessionStorage, fetch, URLSearchParams */
import { rememberOrganisations } from './i18n.js';
/** The REST API as the signed-in user: the token lives in sessionStorage, for this tab only. */
const TOKEN_KEY = 'scenechain.token';
const USER_KEY = 'scenechain.user';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  get user() {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? JSON.parse(raw) : null;
  },
  save(token, user) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = error?.code ?? 'HTTP_ERROR';
    this.details = error ?? {};
  }
}

export async function api(method, path, body, headers = {}) {
  const response = await fetch(path, {
    method,
    headers: {
      ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && session.token) {
      session.clear();
      location.hash = '#/login';
    }
    throw new ApiError(response.status, data?.error);
  }
  return data;
}

/**
 * A call whose body or answer is a file (the document store): the body is sent as it is, with its own media type;
 * the answer is the raw Response. Errors are JSON as for `api`.
 */
export async function apiFile(method, path, file) {
  const response = await fetch(path, {
    method,
    headers: {
      ...(session.token ? { authorization: `Bearer ${session.token}` } : {}),
      ...(file ? { 'content-type': file.type || 'application/octet-stream' } : {}),
    },
    body: file,
  });
  if (!response.ok) {
    const text = await response.text();
    let data = null;
    try {
      data = JSON.parse(text);
    } catch {
      // not JSON: an HTTP error without the app's body
    }
    throw new ApiError(response.status, data?.error);
  }
  return response;
}

/** `/api/x/:id/y` with `{ id: 'B/1' }` → `/api/x/B%2F1/y`; the rest goes to the query string. */
export function fillPath(path, values, query = {}) {
  const used = new Set();
  const url = path.replace(/:([A-Za-z0-9_]+)/g, (_, name) => {
    used.add(name);
    return encodeURIComponent(values[name] ?? '');
  });
  // A value the path does not name goes in the query string (`/trace?id=B-1`).
  const unused = Object.entries(values).filter(([name]) => !used.has(name));
  const params = new URLSearchParams();
  for (const [name, value] of [...unused, ...Object.entries(query)])
    if (value !== undefined && value !== '') params.set(name, String(value));
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

let catalogPromise = null;
/** Scenarios, record views and actions (with `allowed` for the signed-in user); fetched once per sign-in. */
export function catalog() {
  if (!catalogPromise)
    catalogPromise = api('GET', '/api/scenarios')
      .then((answer) => {
        rememberOrganisations(answer.organisations);
        return answer;
      })
      .catch((err) => {
        catalogPromise = null;
        throw err;
      });
  return catalogPromise;
}
export function forgetCatalog() {
  catalogPromise = null;
}
