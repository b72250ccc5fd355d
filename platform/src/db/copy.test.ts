import { describe, expect, it } from 'vitest';
import { CopyFrom, copyChunks, copyField, copyFrom, type CopyClient } from './copy.js';

/** COPY's text format read back as the server reads it: `\N` is null, backslash escapes. */
function parseField(field: string): string | null {
  if (field === '\\N') return null;
  const names: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };
  return field.replace(/\\(.)/g, (_, c: string) => names[c] ?? c);
}

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, and writes null as \\N', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField(42)).toBe('42');
    expect(copyField('plain, "quoted" {x}')).toBe('plain, "quoted" {x}');
    expect(copyField('a\\b')).toBe('a\\\\b');
    expect(copyField('tab\there')).toBe('tab\\there');
    expect(copyField('two\nlines\r\n')).toBe('two\\nlines\\r\\n');
    // The text "\N" is not null, and a line "\." does not end the data.
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('\\.')).toBe('\\\\.');
    expect(copyField('')).toBe('');
  });

  it('gives every value back as it was, one line per row with a field per column', () => {
    const values = ['a\tb', 'line\nbreak', 'back\\slash', '\\N', null, '', 'Zürich ✓ 東京', '{"from":"1\\"0"}', '\r', 'end\\'];
    const rows = values.map((v, i) => ({ id: `R${i}`, v }));
    const chunks = copyChunks(rows, [(r) => r.id, (r) => r.v, () => 7]);
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe(''); // the data ends with a newline
    expect(lines).toHaveLength(values.length);
    lines.forEach((line, i) => {
      const fields = line.split('\t').map(parseField);
      expect(fields).toEqual([`R${i}`, values[i], '7']);
    });
  });

  it('splits a large page into chunks of whole lines', () => {
    const rows = Array.from({ length: 4500 }, (_, i) => i);
    const chunks = copyChunks(rows, [(i) => i]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    expect(chunks.join('').split('\n').slice(0, -1).map(Number)).toEqual(rows);
    expect(copyChunks([], [(i: number) => i])).toEqual([]);
  });
});

/** A `pg` client stand-in that plays the server's side of the copy sub-protocol. */
function fakeClient(answer: 'ok' | 'error'): { client: CopyClient; sent: string[] } {
  const sent: string[] = [];
  const connection = {
    query: (text: string) => sent.push(`Q ${text}`),
    sendCopyFromChunk: (chunk: Buffer) => sent.push(`d ${chunk.toString('utf8')}`),
    endCopyFrom: () => sent.push('c'),
  };
  const client: CopyClient = {
    query(query: CopyFrom, callback) {
      query.callback = callback;
      setImmediate(() => {
        query.submit(connection);
        query.handleCopyInResponse(connection);
        if (answer === 'error') query.handleError(new Error('invalid input syntax for type integer'));
        else {
          query.handleCommandComplete({ text: 'COPY 2' });
          query.handleReadyForQuery();
        }
      });
      return query;
    },
  };
  return { client, sent };
}

describe('COPY FROM STDIN as a pg query', () => {
  it('sends the statement, then the data when asked for it, then the end; resolves with the rows copied', async () => {
    const { client, sent } = fakeClient('ok');
    await expect(copyFrom(client, 'copy t (a) from stdin', ['x\n', 'y\n'])).resolves.toBe(2);
    expect(sent).toEqual(['Q copy t (a) from stdin', 'd x\n', 'd y\n', 'c']);
  });

  it('rejects with the server error (the client forgets the query before ReadyForQuery)', async () => {
    const { client } = fakeClient('error');
    await expect(copyFrom(client, 'copy t (a) from stdin', ['x\n'])).rejects.toThrow('invalid input syntax');
  });
});
