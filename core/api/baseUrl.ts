// The key travels in a header to whatever base URL is configured, so plain http is refused except
// on this machine (the local mock server), where nothing crosses a network.
import { ApiError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.mistral.ai';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase());
}

/**
 * The base URL, normalised to scheme://host[:port] with no trailing slash.
 * Throws an ApiError of kind "config" saying what is wrong and where to fix it (`where`, e.g. "mistralBatch.baseUrl").
 */
export function checkBaseUrl(raw: string, where: string): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not quoted: whatever was pasted there (an API key, say) must not end up in messages.
    throw new ApiError('config', `The base URL in ${where} is not a valid URL: set ${where} to something like ${DEFAULT_BASE_URL}.`);
  }
  if (url.username || url.password) {
    // Credentials in the URL would end up in messages and logs.
    throw new ApiError('config', `The base URL in ${where} must not contain a user name or password: the API key is sent separately.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ApiError(
      'config',
      `The base URL ${url.origin} in ${where} must use https (plain http is allowed only for 127.0.0.1, ::1 and localhost), so the API key is never sent unencrypted: fix ${where}.`,
    );
  }
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) {
    // The SDK resolves its absolute request paths against the origin, so anything after it would be ignored.
    throw new ApiError('config', `The base URL in ${where} must be just scheme, host and port (like ${DEFAULT_BASE_URL}), without a path, query or fragment.`);
  }
  return url.origin;
}
