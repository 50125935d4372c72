'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { useSession } from '@/lib/auth/session';
import { ThreadlineProvider, useThreadline } from '@/lib/threadline/connection';
import { ThreadsProvider } from '@/lib/threadline/threads';
import { ConnectionBadge } from './ConnectionBadge';
import { SignIn } from './SignIn';
import { ThreadList } from './ThreadList';

/** Signed out: the sign-in page. Signed in: the connection, the conversation list and the page. */
export function AppShell({ children }: { children: ReactNode }) {
  const { ready, tokens } = useSession();
  if (!ready) return <p className="splash">Loading…</p>;
  if (!tokens) return <SignIn />;
  return (
    <ThreadlineProvider tokens={tokens}>
      <ThreadsProvider>
        <Shell>{children}</Shell>
      </ThreadsProvider>
    </ThreadlineProvider>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const { signOut } = useSession();
  const { tokens, status, refusal } = useThreadline();
  const [listOpen, setListOpen] = useState(false);
  const pathname = usePathname();
  useEffect(() => setListOpen(false), [pathname]);

  return (
    <div className="shell" data-list-open={listOpen}>
      <header className="topbar">
        <button type="button" className="list-toggle" aria-controls="sidebar" aria-expanded={listOpen}
          data-testid="toggle-list" onClick={() => setListOpen(!listOpen)}>
          Chats
        </button>
        <Link href="/" className="brand">Threadline</Link>
        <ConnectionBadge status={status} />
        <span className="user" data-testid="user" title={tokens.user.id}>{tokens.user.name}</span>
        <button type="button" className="link" data-testid="sign-out" onClick={signOut}>Sign out</button>
      </header>
      <nav id="sidebar" className="sidebar" aria-label="Conversations">
        <Link href="/" className="button primary" data-testid="new-conversation">New conversation</Link>
        <ThreadList />
      </nav>
      <main className="main">
        {status === 'refused' && (
          <div className="notice notice-error" role="alert" data-testid="refused">
            <span className="notice-text">The gateway refused the connection: {refusal}</span>
            <button type="button" className="link" onClick={signOut}>Sign in again</button>
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
