import type { ChatMessage, RunView } from '@/lib/threadline/conversation';
import { ActivityList } from './ActivityList';
import { ApprovalCard } from './ApprovalCard';
import { MessageBubble } from './MessageBubble';

/**
 * What one run did after the user's message: its consultations and tool calls, the calls that wait (or waited) for
 * approval, its answer, how it ended.
 */
export function RunTurn({ threadId, run, answer }: { threadId: string; run: RunView; answer: ChatMessage | undefined }) {
  return (
    <div className="run" data-testid="run" data-phase={run.phase}>
      {run.phase === 'queued' && (
        <p className="run-status">Queued{run.position ? ` (position ${run.position})` : ''}…</p>
      )}
      <ActivityList activity={run.activity} />
      {run.approvals.map((approval) => (
        <ApprovalCard key={approval.callId} threadId={threadId} runId={run.id} approval={approval} />
      ))}
      {run.phase === 'running' && !answer?.content && (
        <p className="run-status">{run.assistant ?? 'The assistant'} is thinking…</p>
      )}
      {answer && (answer.content || answer.status !== 'in_progress') && <MessageBubble message={answer} />}
      {run.phase === 'failed' && (
        <p className="run-outcome run-failed" role="alert" data-testid="run-failed">
          The answer failed{run.error ? `: ${run.error.message} (${run.error.code})` : '.'}
          {run.error?.retryable ? ' Sending the message again may work.' : ''}
        </p>
      )}
      {run.phase === 'cancelled' && <p className="run-outcome">Stopped.</p>}
    </div>
  );
}
