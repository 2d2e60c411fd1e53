import 'reflect-metadata';
import { decodeCursor, encodeCursor, toPage, type PageRequest } from './pagination';

const rows = [
  { id: '00000000-0000-4000-8000-000000000003', sortKey: '2026-11-03 10:00:00.123456+00' },
  { id: '00000000-0000-4000-8000-000000000002', sortKey: '2026-11-02 10:00:00+00' },
  { id: '00000000-0000-4000-8000-000000000001', sortKey: '2026-11-01 10:00:00.5+00' },
];

describe(toPage.name, () => {
  it('gives each edge the cursor of its row, which decodes back to the row position', () => {
    const request: PageRequest = { direction: 'forward', limit: 2, cursor: null };
    const page = toPage(rows, request);
    expect(page.edges.map((edge) => edge.node.id)).toEqual([rows[0]!.id, rows[1]!.id]);
    for (const [i, edge] of page.edges.entries()) {
      expect(edge.cursor).toBe(encodeCursor({ key: rows[i]!.sortKey, id: rows[i]!.id }));
      expect(decodeCursor(edge.cursor, 'after')).toEqual({ key: rows[i]!.sortKey, id: rows[i]!.id });
    }
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
    expect(page.pageInfo.endCursor).toBe(page.edges[1]!.cursor);
  });

  it('flips a backward page into natural order and has null cursors when empty', () => {
    const backward = toPage([...rows].reverse(), { direction: 'backward', limit: 2, cursor: { key: '2026-10-31 10:00:00+00', id: rows[2]!.id } });
    expect(backward.edges.map((edge) => edge.node.id)).toEqual([rows[1]!.id, rows[2]!.id]);
    expect(backward.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    expect(decodeCursor(backward.pageInfo.startCursor!, 'before')).toEqual({ key: rows[1]!.sortKey, id: rows[1]!.id });
    const empty = toPage([], { direction: 'forward', limit: 2, cursor: null });
    expect(empty.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });
});

describe(decodeCursor.name, () => {
  const cursor = (key: string) => Buffer.from(JSON.stringify([key, rows[0]!.id])).toString('base64url');

  it('accepts the timestamps PostgreSQL prints, leap days and offsets with minutes and seconds included', () => {
    for (const key of ['2024-02-29 23:59:59.999999+00', '2026-11-27 10:00:00+05:30', '1900-01-01 00:00:00+00:53:28', '0001-01-01 00:00:00-15:59:59']) {
      expect(decodeCursor(cursor(key), 'after')).toEqual({ key, id: rows[0]!.id });
    }
  });

  it('refuses impossible timestamps that the ::timestamptz cast would fail on', () => {
    for (const key of ['9999-99-99 99:99:99+00', '2026-02-29 00:00:00+00', '2026-04-31 00:00:00+00', '2026-13-01 00:00:00+00', '0000-01-01 00:00:00+00', '2026-01-01 24:00:00+00', '2026-01-01 00:60:00+00', '2026-01-01 00:00:60+00', '2026-01-01 00:00:00+16', '2026-01-01 00:00:00+01:60']) {
      expect(() => decodeCursor(cursor(key), 'after')).toThrow('after: is not a valid cursor');
    }
  });
});
