// Starts a TypeScript worker thread: registers tsx's loader in this thread
// (loaders do not carry over into worker threads), then imports the module
// named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
