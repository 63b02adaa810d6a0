// Entry of every TypeScript worker thread: Node 20 does not apply an
// `--import tsx` given in a Worker's execArgv before loading the entry
// (ERR_UNKNOWN_FILE_EXTENSION for ".ts"), so the thread registers tsx itself
// and then imports the real entry, whose file URL is `workerData.entry`.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
