/**
 * The gateway's base URL: REST under `/api`, STOMP over WebSocket at `/ws`. `NEXT_PUBLIC_` variables are
 * inlined into the browser bundle by `next build` (and read by `next dev`): set it before building.
 */
export const gatewayUrl = (process.env.NEXT_PUBLIC_THREADLINE_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
