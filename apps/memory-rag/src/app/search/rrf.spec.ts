import { RRF_K, reciprocalRankFusion } from './rrf';

describe('reciprocalRankFusion', () => {
  it('sums 1 / (60 + rank) over both lists and orders by it', () => {
    const fused = reciprocalRankFusion([1, 2, 3], [3, 4], 10);
    expect(fused.map((h) => h.id)).toEqual([3, 1, 2, 4]);
    expect(fused[0]).toEqual({ id: 3, score: 1 / (RRF_K + 3) + 1 / (RRF_K + 1), denseRank: 3, lexicalRank: 1 });
    expect(fused[1]).toEqual({ id: 1, score: 1 / (RRF_K + 1), denseRank: 1, lexicalRank: null });
    // 2 and 4 tie (both rank 2 in one list): the smaller id goes first.
    expect(fused[2].score).toBe(fused[3].score);
    expect(fused[3]).toEqual({ id: 4, score: 1 / (RRF_K + 2), denseRank: null, lexicalRank: 2 });
  });

  it('prefers an id both lists rank moderately over one list’s top hit', () => {
    const fused = reciprocalRankFusion([7, 1, 2, 3, 5], [8, 9, 10, 11, 5], 3);
    expect(fused[0].id).toBe(5);
    expect(fused).toHaveLength(3);
  });

  it('weights each list’s contributions', () => {
    const fused = reciprocalRankFusion([1, 2], [3, 1], 4, { dense: 0, lexical: 1 });
    expect(fused).toEqual([
      { id: 3, score: 1 / (RRF_K + 1), denseRank: null, lexicalRank: 1 },
      { id: 1, score: 1 / (RRF_K + 2), denseRank: 1, lexicalRank: 2 },
      { id: 2, score: 0, denseRank: 2, lexicalRank: null },
    ]);
  });

  it('returns nothing for two empty lists', () => {
    expect(reciprocalRankFusion([], [], 5)).toEqual([]);
  });
});
