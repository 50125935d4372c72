'use client';

import { useState, type FormEvent } from 'react';
import { passwordToken } from '@/lib/auth/local-issuer';
import { useSession } from '@/lib/auth/session';
import { ProblemNotice } from './ProblemNotice';

/**
 * Sign in with the gateway's local issuer, or with a token from elsewhere (the one `./run-local.sh` prints, or
 * one of your OIDC provider). A production app replaces this page with its provider's sign-in.
 */
export function SignIn() {
  const { signIn } = useSession();
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const withPassword = async (form: HTMLFormElement, register: boolean) => {
    if (!form.reportValidity()) return;
    const fields = new FormData(form);
    setBusy(true);
    setProblem(null);
    try {
      signIn(await passwordToken(String(fields.get('username')).trim(), String(fields.get('password')), register));
    } catch (error) {
      setProblem(error);
      setBusy(false);
    }
  };

  const withToken = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('token')).trim();
    if (token) signIn(token);
  };

  return (
    <main className="sign-in">
      <h1>Threadline</h1>
      <form onSubmit={(event) => { event.preventDefault(); void withPassword(event.currentTarget, false); }}>
        <label>
          Username
          <input name="username" data-testid="username" autoComplete="username" required minLength={3} maxLength={40} />
        </label>
        <label>
          Password
          <input name="password" data-testid="password" type="password" autoComplete="current-password" required
            minLength={8} maxLength={128} />
        </label>
        <div className="actions">
          <button type="submit" className="primary" data-testid="sign-in" disabled={busy}>Sign in</button>
          <button type="button" data-testid="register" disabled={busy}
            onClick={(event) => void withPassword(event.currentTarget.form!, true)}>
            Create account
          </button>
        </div>
        {problem !== null && <ProblemNotice error={problem} />}
      </form>
      <details className="token-sign-in">
        <summary>Use a token instead</summary>
        <form onSubmit={withToken}>
          <label>
            Bearer token (JWT)
            <textarea name="token" data-testid="token" rows={3} required spellCheck={false} />
          </label>
          <button type="submit" data-testid="use-token">Use this token</button>
        </form>
        <p className="muted">
          <code>./run-local.sh</code> prints a development token: open this app with <code>/#token=…</code> appended,
          or paste it here.
        </p>
      </details>
    </main>
  );
}
