import { ThreadlineError, type SendError } from '@threadline/client';
import { gatewayUrl } from '@/lib/config';

/** What went wrong, for display: a stable `code` (PROTOCOL.md §2 and §4) and a sentence for people. */
export interface Problem {
  code: string;
  message: string;
  status?: number;
}

/** A STOMP SEND the gateway refused: the error event it sent to `/user/queue/errors` (PROTOCOL.md §4). */
export class SendRefused extends Error {
  constructor(readonly event: SendError) {
    super(event.message);
  }
}

export function problemOf(error: unknown): Problem {
  if (error instanceof ThreadlineError) {
    return { code: error.code, message: error.message || `HTTP ${error.status}`, status: error.status };
  }
  if (error instanceof SendRefused) {
    return { code: error.event.code, message: error.event.message };
  }
  if (error instanceof TypeError && /fetch|network|load failed/i.test(error.message)) {
    // what a browser reports for a refused connection and for a response without CORS headers alike
    return {
      code: 'unreachable',
      message: `Cannot reach the gateway at ${gatewayUrl}. Is it running, and does its CORS_ALLOWED_ORIGINS include ${window.location.origin}?`,
    };
  }
  return { code: 'error', message: error instanceof Error ? error.message : String(error) };
}
