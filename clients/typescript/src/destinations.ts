/** The STOMP destinations of PROTOCOL.md §3, §10 and §13. */
export const destinations = {
  threadEvents: (threadId: string) => `/topic/threads/${threadId}`,
  errors: '/user/queue/errors',
  sendMessage: (threadId: string) => `/app/threads/${threadId}/messages`,
  edit: (threadId: string) => `/app/threads/${threadId}/edit`,
  regenerate: (threadId: string) => `/app/threads/${threadId}/regenerate`,
  cancel: (threadId: string) => `/app/threads/${threadId}/cancel`,
  approvals: (threadId: string) => `/app/threads/${threadId}/approvals`,
  feedback: (threadId: string) => `/app/threads/${threadId}/feedback`,
  typing: (threadId: string) => `/app/threads/${threadId}/typing`,
} as const;
