/**
 * A TCP proxy on loopback for tests and benchmarks that need to cut a
 * connection the way a network does: `cut(ms)` drops every proxied
 * connection at once (both ends see the TCP connection close) and refuses
 * new ones for `ms`, while the processes on both sides keep running; a
 * delay makes a slow link.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  cut(ms: number): void;
  close(): Promise<void>;
}

/** `delayMs`: what the target sends reaches the connecting side this much later (a slow link). */
export async function tcpProxy(targetPort: number, options: { delayMs?: number } = {}): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let refuseUntil = 0;
  const proxy = createServer((inbound) => {
    if (Date.now() < refuseUntil) return void inbound.destroy();
    const outbound = connect(targetPort, '127.0.0.1');
    for (const socket of [inbound, outbound]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    inbound.pipe(outbound);
    const delayMs = options.delayMs ?? 0;
    if (delayMs === 0) outbound.pipe(inbound);
    else outbound.on('data', (chunk: Buffer) => setTimeout(() => inbound.destroyed || inbound.write(chunk), delayMs));
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    cut(ms) {
      refuseUntil = Date.now() + ms;
      for (const socket of open) socket.destroy();
    },
    close() {
      for (const socket of open) socket.destroy();
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}
