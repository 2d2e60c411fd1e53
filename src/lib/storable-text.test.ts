import { textProblem, toStorableText, truncateText } from './storable-text';

describe('storable text', () => {
  it('finds NUL characters and lone surrogates, and leaves well-formed pairs alone', () => {
    expect(textProblem('plain 😀 text')).toBeNull();
    expect(textProblem('a\u0000b')).toBe('nul');
    expect(textProblem('high \ud83d alone')).toBe('lone-surrogate');
    expect(textProblem('low \ude00 alone')).toBe('lone-surrogate');
    expect(textProblem('\ude00\ud83d')).toBe('lone-surrogate');
  });

  it('replaces each of them with U+FFFD and counts them', () => {
    expect(toStorableText('a\u0000b\ud800c\ud83d\ude00\udfff')).toEqual({ text: 'a\ufffdb\ufffdc😀\ufffd', replaced: 3 });
    expect(toStorableText('fine')).toEqual({ text: 'fine', replaced: 0 });
  });

  it('truncates without cutting a surrogate pair in half', () => {
    expect(truncateText('ab😀', 3)).toBe('ab');
    expect(truncateText('ab😀', 4)).toBe('ab😀');
    expect(truncateText('abcdef', 3)).toBe('abc');
  });
});
