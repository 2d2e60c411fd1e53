import { Batcher } from './batcher';

describe(Batcher.name, () => {
  it('writes the first item at once and the items that came during that write together in the next', async () => {
    const writes: number[][] = [];
    let finishFirst = () => {};
    const batcher = new Batcher<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((resolve) => (finishFirst = resolve));
    });
    const first = batcher.add(1);
    const later = [batcher.add(2), batcher.add(3), batcher.add(4)];
    expect(writes).toEqual([[1]]);
    finishFirst();
    await Promise.all([first, ...later]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
    await batcher.add(5);
    expect(writes).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every item of a failed write, and only those', async () => {
    const batcher = new Batcher<string>(async (items) => {
      if (items.includes('a')) throw new Error('database away');
    });
    const [a, b, c] = [batcher.add('a'), batcher.add('b'), batcher.add('c')];
    await expect(a).rejects.toThrow('database away');
    await expect(b).resolves.toBeUndefined();
    await expect(c).resolves.toBeUndefined();
    await expect(batcher.add('a')).rejects.toThrow('database away');
  });
});
