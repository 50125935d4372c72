import type { Activity } from '@/lib/threadline/conversation';

/** Consultations and tool calls of a run, one line each; the question, arguments and results fold out. */
export function ActivityList({ activity }: { activity: Activity[] }) {
  if (activity.length === 0) return null;
  return (
    <ul className="activity" data-testid="activity">
      {activity.map((item) => (
        <li key={item.key} data-kind={item.kind} data-done={item.done} data-error={item.error !== undefined}>
          <details>
            <summary>
              {item.kind === 'consultation'
                ? <><b>{item.by}</b> asked <b>{item.target}</b></>
                : <><b>{item.by}</b> called <code>{item.target}</code></>}
              {' '}
              <span className="activity-state">{!item.done ? '…' : item.error !== undefined ? 'failed' : 'done'}</span>
            </summary>
            <dl>
              <dt>{item.kind === 'consultation' ? 'Question' : 'Arguments'}</dt>
              <dd>{item.input}</dd>
              {item.output !== undefined && (
                <>
                  <dt>{item.kind === 'consultation' ? 'Answer' : 'Result'}</dt>
                  <dd>{item.output}</dd>
                </>
              )}
              {item.error !== undefined && (
                <>
                  <dt>Error</dt>
                  <dd>{item.error}</dd>
                </>
              )}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}
