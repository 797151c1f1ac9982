/** The usual Reciprocal Rank Fusion constant (Cormack et al., 2009). */
export const RRF_K = 60;

export interface FusedHit {
  id: number;
  score: number;
  /** 1-based rank in the dense list, null when absent from it. */
  denseRank: number | null;
  lexicalRank: number | null;
}

export interface FusionWeights {
  dense: number;
  lexical: number;
}

/**
 * Weighted Reciprocal Rank Fusion of two ranked id lists: score = sum of weight / (RRF_K +
 * rank). Ties go to the better single-list rank, then to the smaller id, so the order is
 * deterministic.
 */
export function reciprocalRankFusion(dense: readonly number[], lexical: readonly number[], k: number, weights: FusionWeights = { dense: 1, lexical: 1 }, rrfK = RRF_K): FusedHit[] {
  const hits = new Map<number, FusedHit>();
  const hit = (id: number) => {
    let h = hits.get(id);
    if (!h) hits.set(id, (h = { id, score: 0, denseRank: null, lexicalRank: null }));
    return h;
  };
  dense.forEach((id, i) => {
    const h = hit(id);
    h.denseRank = i + 1;
    h.score += weights.dense / (rrfK + i + 1);
  });
  lexical.forEach((id, i) => {
    const h = hit(id);
    h.lexicalRank = i + 1;
    h.score += weights.lexical / (rrfK + i + 1);
  });
  const best = (h: FusedHit) => Math.min(h.denseRank ?? Infinity, h.lexicalRank ?? Infinity);
  return [...hits.values()].sort((a, b) => b.score - a.score || best(a) - best(b) || a.id - b.id).slice(0, k);
}
