/**
 * The peermatch server in a process of its own, for benchmarks that must
 * not share its event loop (as on its own machine): listens on a free
 * loopback port with the limits given as JSON in argv[2], prints
 * `url=http://127.0.0.1:PORT` once listening, and stops on SIGTERM.
 */
import { startServer } from '../src/server/main.ts';

const limits = JSON.parse(process.argv[2] ?? '{}') as Record<string, number>;
const server = await startServer({ host: '127.0.0.1', port: 0, staticDir: null, limits });
process.stdout.write(`url=${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
