import { gatewayRequest } from '@/lib/threadline/http';

/**
 * The gateway's local issuer (PROTOCOL.md §2, `POST /api/auth/register` and `/api/auth/token`). It exists when
 * the gateway runs with `JWT_SECRET`, as in local mode; with an external issuer these endpoints answer 404.
 */
export async function passwordToken(username: string, password: string, register: boolean): Promise<string> {
  const credentials = { username, password };
  if (register) await gatewayRequest('POST', '/api/auth/register', { body: credentials });
  const issued = await gatewayRequest<{ access_token: string }>('POST', '/api/auth/token', { body: credentials });
  return issued.access_token;
}
