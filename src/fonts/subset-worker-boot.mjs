// Worker entry under tsx (a source checkout): the worker has no TypeScript loader of its own, so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./subset-worker.ts');
