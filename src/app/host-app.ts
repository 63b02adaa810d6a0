/**
 * host.html: the host console on the page the peermatch server serves. The
 * console hosts the lobby of `?lobby=` (default `demo`) on this server;
 * `?server=` points it at another one.
 */
import '../host-console.ts';

const query = new URLSearchParams(location.search);
const element = document.querySelector('peermatch-host-console');
const server = query.get('server');
if (element && server) element.setAttribute('server-url', server);
document.title = `peermatch host: ${query.get('lobby') ?? 'demo'}`;
