'use client';

import { ThreadlineError } from '@threadline/client';
import { useState } from 'react';
import { useThreadline } from '@/lib/threadline/connection';
import type { Approval } from '@/lib/threadline/conversation';
import { ProblemNotice } from './ProblemNotice';

const MAX_REASON = 1000;

/**
 * A tool call that waits for a person (PROTOCOL.md §13): which assistant wants to run which tool with which
 * arguments, Approve, or Deny with an optional reason. The answer goes over REST; the outcome comes with
 * `tool.approval_resolved` (or the run's end), so every participant's card says who answered.
 */
export function ApprovalCard({ threadId, runId, approval }: { threadId: string; runId: string; approval: Approval }) {
  const { api, tokens } = useThreadline();
  const [reason, setReason] = useState('');
  /** The answer sent (or being sent): the buttons stay disabled until the outcome replaces them. */
  const [sent, setSent] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const { outcome } = approval;

  const answer = async (approved: boolean) => {
    setSent(approved);
    setProblem(null);
    try {
      const why = reason.trim();
      await api.answerApproval(threadId, runId, { callId: approval.callId, approved, ...(!approved && why ? { reason: why } : {}) });
    } catch (error) {
      setProblem(error);
      // 409 no_pending_approval: answered by someone else, timed out, or the run ended; answering again cannot help
      if (!(error instanceof ThreadlineError && error.status === 409)) setSent(null);
    }
  };

  const status = outcome ? describe(outcome, tokens.user.id)
    : problem !== null ? null
    : sent === null ? waiting(approval.expiresAt)
    : sent ? 'Approving…' : 'Denying…';

  return (
    <section className="approval" data-testid="approval" data-outcome={outcome?.kind ?? 'waiting'} aria-label="Approval needed">
      <p className="approval-head">
        Approval needed: <b data-testid="approval-assistant">{approval.assistant}</b> wants to run{' '}
        <code data-testid="approval-tool">{approval.tool}</code>
      </p>
      <pre className="approval-arguments" data-testid="approval-arguments">{JSON.stringify(approval.arguments, null, 2)}</pre>
      {!outcome && (
        <div className="approval-actions">
          <button type="button" className="primary" data-testid="approve" disabled={sent !== null}
            title={`Let ${approval.tool} run`} onClick={() => void answer(true)}>
            Approve
          </button>
          <button type="button" className="deny" data-testid="deny" disabled={sent !== null}
            title={`Do not run ${approval.tool}`} onClick={() => void answer(false)}>
            Deny
          </button>
          <input data-testid="deny-reason" aria-label="Reason for denying" placeholder="Reason for denying (optional)"
            maxLength={MAX_REASON} value={reason} disabled={sent !== null} onChange={(event) => setReason(event.target.value)} />
        </div>
      )}
      {problem !== null && !outcome && <ProblemNotice error={problem} />}
      {status && <p className="approval-outcome" data-testid="approval-outcome" aria-live="polite">{status}</p>}
    </section>
  );
}

function waiting(expiresAt: string | undefined): string {
  return expiresAt
    ? `Waiting for an answer until ${new Date(expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
    : 'Waiting for an answer';
}

function describe(outcome: NonNullable<Approval['outcome']>, me: string): string {
  switch (outcome.kind) {
    case 'approved':
    case 'denied': {
      const by = outcome.by === undefined ? 'someone' : outcome.by === me ? 'you' : outcome.by;
      return outcome.kind === 'approved' ? `Approved by ${by}` : `Denied by ${by}${outcome.reason ? `: ${outcome.reason}` : ''}`;
    }
    case 'timed-out':
      return 'Timed out: nobody answered in time, so it did not run';
    case 'ended':
      return outcome.runPhase === 'cancelled' ? 'Cancelled: the run was stopped before anyone answered'
        : outcome.runPhase === 'failed' ? 'The run failed before anyone answered'
        : 'The run has ended';
  }
}
