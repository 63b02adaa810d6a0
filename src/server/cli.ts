/**
 * Stand-alone entry of the server (`node bin/run-ts.js src/server/cli.ts
 * [options]`), the same as `peermatch serve [options]`.
 */
import { processIo } from '../cli/main.ts';
import { serveCommand } from './serve-command.ts';

process.exitCode = await serveCommand.run(process.argv.slice(2), processIo());
