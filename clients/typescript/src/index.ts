export * from './events.js';
export { destinations } from './destinations.js';
export { AnswerAssembler } from './answers.js';
export { ThreadlineClient, ThreadlineApi, ThreadlineError } from './client.js';
export type { ThreadlineOptions, Page, Thread } from './client.js';
