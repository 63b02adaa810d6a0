/**
 * The one guard around every relay socket handler: whatever a handler
 * throws (or its promise rejects with) becomes an `INTERNAL` error frame,
 * answering the frame's request when it named one, and a log line with the
 * connection's identity (number, address, role, lobby, client). The server
 * stays up.
 */
import type { RawData } from 'ws';
import type { Logger } from './logger.ts';
import type { RelayConnection } from './relay-connection.ts';
import { peekRequestId, toText } from './relay-frames.ts';

/** Runs `handle` for `connection` (with the frame `data` it handles, if any) so that nothing escapes it. */
export function runGuarded(connection: RelayConnection, data: RawData | null, logger: Logger, handle: () => void | Promise<void>): void {
  const fail = (error: unknown) => {
    const role = connection.role;
    logger.error('relay: a frame handler failed', {
      connection: connection.number,
      address: connection.address,
      role: role.kind,
      lobby: role.kind === 'pending' ? undefined : role.lobby,
      clientId: role.kind === 'client' ? role.clientId : undefined,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    try {
      const requestId = data === null ? undefined : peekRequestId(toText(data));
      connection.notify('INTERNAL', 'frame: the relay failed on this frame (logged); nothing was forwarded', { requestId });
    } catch {
      // The socket itself is broken; its close handler cleans up.
    }
  };
  try {
    const pending = handle();
    if (pending) pending.catch(fail);
  } catch (error) {
    fail(error);
  }
}
