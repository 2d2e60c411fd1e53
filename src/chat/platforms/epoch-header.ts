/** Reads an epoch timestamp header in seconds or milliseconds (values above 1e12 are milliseconds). */
export function parseEpochHeader(value: string): number | null {
  if (!/^\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return n > 1e12 ? n : n * 1000;
}
