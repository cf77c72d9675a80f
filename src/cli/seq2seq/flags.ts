/** Flag values of the translate and chat commands. */
import type { AttentionScore } from '../../nn/attention.js';

/** --attention names: the paper each score comes from. */
export const ATTENTION_FLAGS: Readonly<Record<string, AttentionScore>> = {
  /** Bahdanau et al. 2015: vᵀ tanh(W q + U k) */
  bahdanau: 'additive',
  /** Luong et al. 2015, 'dot': q · k */
  luong: 'dot',
  /** Luong et al. 2015, 'general': q · W k */
  'luong-general': 'general',
};

/** The flag name of a score. */
export function attentionFlagOf(score: AttentionScore): string {
  return Object.entries(ATTENTION_FLAGS).find(([, s]) => s === score)![0];
}

