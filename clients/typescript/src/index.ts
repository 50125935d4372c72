export * from './events.js';
export { destinations } from './destinations.js';
export { AnswerAssembler } from './answers.js';
export { siblingPosition, type SiblingPosition } from './branches.js';
export { ThreadlineApi, ThreadlineError } from './api.js';
export type { Accepted, AdminUser, AdminUserPatch, AdminUserQuery, ApprovalAccepted, DayRange, MessageQuery, Page, SearchQuery,
  ThreadQuery, UserUsage } from './api.js';
export { ThreadlineClient, SendRejectedError } from './client.js';
export type { ConnectionState, ThreadlineOptions } from './client.js';
