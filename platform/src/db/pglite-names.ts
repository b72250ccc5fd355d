/**
 * Prepared statements of the embedded database's connections, each in a namespace of its own.
 *
 * On a PostgreSQL server every connection is a session of its own, so two connections can prepare
 * a statement under the same name. The embedded database serves all its connections from one
 * backend: the socket server gives each connection's statement names a prefix of its own (in
 * Parse, Bind, Describe and Close), so clients name their statements as they would on a server.
 */

const PARSE = 0x50; // 'P'
const BIND = 0x42; // 'B'
const DESCRIBE = 0x44; // 'D'
const CLOSE = 0x43; // 'C'
const STATEMENT = 0x53; // 'S' in Describe and Close

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The backend's name for a connection's statement `name` (the unnamed statement stays unnamed). */
export const scopedName = (handlerId: number, name: string): string => (name ? `c${handlerId}_${name}` : '');

/** Where a message's statement name starts (after the type, length and any fields before it), or -1. */
function nameOffset(message: Uint8Array): number {
  switch (message[0]) {
    case PARSE:
      return 5;
    case BIND:
      return message.indexOf(0, 5) + 1; // after the portal's name
    case DESCRIBE:
    case CLOSE:
      return message[5] === STATEMENT ? 6 : -1;
    default:
      return -1;
  }
}

/**
 * The message with its statement name scoped to the connection, and that name (null when the
 * message names no statement or the unnamed one). Other messages come back as they are.
 */
export function scopeStatement(handlerId: number, message: Uint8Array): { message: Uint8Array; name: string | null } {
  const at = nameOffset(message);
  if (at < 0) return { message, name: null };
  const end = message.indexOf(0, at);
  if (end <= at) return { message, name: null }; // the unnamed statement
  const name = scopedName(handlerId, decoder.decode(message.subarray(at, end)));
  const encoded = encoder.encode(name);
  const out = new Uint8Array(message.length - (end - at) + encoded.length);
  out.set(message.subarray(0, at));
  out.set(encoded, at);
  out.set(message.subarray(end), at + encoded.length);
  new DataView(out.buffer).setInt32(1, out.length - 1);
  return { message: out, name };
}

/** Whether a (scoped) message prepares a statement, or closes one. */
export const prepares = (message: Uint8Array) => message[0] === PARSE;
export const closes = (message: Uint8Array) => message[0] === CLOSE;
