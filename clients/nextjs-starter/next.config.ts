import path from 'node:path';
import type { NextConfig } from 'next';

// `@threadline/client` is linked from ../typescript (a `file:` dependency), outside this app's directory:
// Turbopack and output tracing must see both, so their root is the `clients/` folder. An app that installs
// the client from a registry needs neither line.
const clients = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  turbopack: { root: clients },
  outputFileTracingRoot: clients,
};

export default nextConfig;
