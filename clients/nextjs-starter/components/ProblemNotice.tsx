'use client';

import { useSession } from '@/lib/auth/session';
import { problemOf } from '@/lib/threadline/problems';

/** An error as people should see it: the gateway's sentence, its stable code, and a way out where there is one. */
export function ProblemNotice({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  const { tokens, signOut } = useSession();
  const problem = problemOf(error);
  return (
    <div className="notice notice-error" role="alert" data-testid="problem" data-code={problem.code}>
      <span className="notice-code">{problem.code}</span>{' '}
      <span className="notice-text">{problem.message}</span>
      {problem.status === 401 && tokens && (
        <button type="button" className="link" onClick={signOut}>Sign in again</button>
      )}
      {onDismiss && (
        <button type="button" className="notice-dismiss" aria-label="Dismiss" onClick={onDismiss}>×</button>
      )}
    </div>
  );
}
