// Worker entry: the worker has no TypeScript loader of its own, so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./font-worker.ts');
