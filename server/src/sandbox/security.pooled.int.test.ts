import { usePooledSandboxes } from './sandbox.test-kit';

// The same attacks as security.int.test.ts, each run in a pooled sandbox (started before the run and waiting).
usePooledSandboxes();
await import('./security.int.test');
