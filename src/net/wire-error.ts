/**
 * An error as it crosses a wire (a relay `response` frame, a Worker or
 * thread message): `{ name, message }`, the one conversion for the lobby
 * host and the Matchmaker's RPC server alike.
 */

/** An error as it crosses the wire. */
export interface WireError {
  name: string;
  message: string;
}

/**
 * Turns anything thrown into `{ name, message }`. AWS exception names (any
 * `...Exception`) pass through; anything else (a `TypeError` from a bug) is
 * reported as `InternalServiceException`, as AWS would, keeping the original
 * name in the message.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(message);
    if (typeof name === 'string' && /^[A-Za-z]+Exception$/.test(name)) return { name, message: text };
    return { name: 'InternalServiceException', message: `${typeof name === 'string' ? name : 'Error'}: ${text}` };
  }
  return { name: 'InternalServiceException', message: `thrown value: ${String(error)}` };
}
