/**
 * Where the bearer token comes from. The gateway accepts any JWT it can validate (PROTOCOL.md §1): one of its
 * local issuer (development, small deployments) or one of your OIDC provider (production). This interface is
 * the only thing the rest of the app knows about tokens: plug another source in `lib/auth/session.tsx`.
 */
export interface TokenSource {
  /** Who is signed in, for display only: the gateway reads the user from the token it validates. */
  readonly user: { id: string; name: string };
  /** A token valid now. Called before every REST call and every STOMP (re)connect: refresh it here. */
  getToken(): Promise<string>;
}

/** A token obtained once: from the local issuer's login, pasted, or printed by `./run-local.sh`. */
export function fixedTokenSource(token: string): TokenSource {
  const claims = claimsOf(token);
  const id = claims.sub ?? 'unknown';
  return { user: { id, name: claims.preferred_username ?? id }, getToken: async () => token };
}

interface Claims {
  sub?: string;
  preferred_username?: string;
  exp?: number;
}

/** The claims of a JWT, not verified (the gateway verifies it): only to name the user. */
export function claimsOf(token: string): Claims {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '=')));
  } catch {
    return {};
  }
}
