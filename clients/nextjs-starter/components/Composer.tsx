'use client';

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { ProblemNotice } from './ProblemNotice';

const MAX_CONTENT = 32000;

/**
 * The message box. A message that failed to send keeps its `clientMessageId` while its text is unchanged, so
 * sending it again cannot make a second message (PROTOCOL.md §4). An `initial` message is sent as soon as the
 * box is enabled.
 */
export function Composer({ onSend, disabled, placeholder, initial }: {
  onSend(content: string, clientMessageId: string): Promise<void>;
  disabled: boolean;
  placeholder: string;
  initial?: { content: string; clientMessageId: string };
}) {
  const [draft, setDraft] = useState(initial?.content ?? '');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const clientMessageId = useRef<string | null>(initial?.clientMessageId ?? null);
  const sendInitial = useRef(initial !== undefined);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!draft.trim() || sending || disabled) return;
    clientMessageId.current ??= crypto.randomUUID();
    setSending(true);
    setProblem(null);
    try {
      await onSend(draft, clientMessageId.current);
      setDraft('');
      clientMessageId.current = null;
    } catch (error) {
      setProblem(error);
    } finally {
      setSending(false);
    }
  };

  useEffect(() => {
    if (disabled || !sendInitial.current) return;
    sendInitial.current = false;
    void submit();
  }, [disabled]);

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit}>
      {problem !== null && <ProblemNotice error={problem} onDismiss={() => setProblem(null)} />}
      <div className="composer-row">
        <textarea
          data-testid="composer-input"
          aria-label="Message"
          value={draft}
          maxLength={MAX_CONTENT}
          rows={2}
          placeholder={placeholder}
          onChange={(event) => {
            setDraft(event.target.value);
            clientMessageId.current = null;
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="primary" data-testid="send" disabled={disabled || sending || !draft.trim()}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
