import type { ConnectionStatus } from '@/lib/threadline/connection';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  refused: 'Refused',
};

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  return (
    <span className="badge" data-testid="connection" data-state={status} role="status">
      {LABELS[status]}
    </span>
  );
}
