import { ThreadlineError } from '@threadline/client';
import { gatewayUrl } from '@/lib/config';

/**
 * A JSON call to the gateway for what `ThreadlineApi` does not cover (the local issuer, one thread). Errors
 * are problem+json (PROTOCOL.md §2) and become the client's `ThreadlineError`, like `ThreadlineApi`'s own.
 */
export async function gatewayRequest<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(gatewayUrl + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const json = await response.json().catch(() => undefined);
  if (!response.ok) {
    throw new ThreadlineError(response.status, json?.code ?? 'error', json?.detail ?? json?.title ?? response.statusText);
  }
  return json as T;
}
