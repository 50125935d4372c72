'use client';

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { fixedTokenSource, type TokenSource } from './token-source';

const STORAGE_KEY = 'threadline.token';

interface Session {
  /** False until the browser's stored token has been read (never on the server). */
  ready: boolean;
  tokens: TokenSource | null;
  signIn(token: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/**
 * Keeps the signed-in user's token in `sessionStorage` (this tab only, gone when it closes) and takes one
 * handed over in the URL fragment, `/#token=...`, as `./run-local.sh` prints it. For an OIDC provider,
 * replace `fixedTokenSource` with a source that asks your OIDC library for a fresh token (see README.md).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ ready: boolean; tokens: TokenSource | null }>({ ready: false, tokens: null });

  useEffect(() => {
    const handedOver = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (handedOver) {
      sessionStorage.setItem(STORAGE_KEY, handedOver);
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    const token = sessionStorage.getItem(STORAGE_KEY);
    setState({ ready: true, tokens: token ? fixedTokenSource(token) : null });
  }, []);

  const signIn = useCallback((token: string) => {
    sessionStorage.setItem(STORAGE_KEY, token);
    setState({ ready: true, tokens: fixedTokenSource(token) });
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setState({ ready: true, tokens: null });
  }, []);

  const session = useMemo(() => ({ ...state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider> above it');
  return session;
}
