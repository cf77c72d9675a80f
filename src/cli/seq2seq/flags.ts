/** Flag values of the translate and chat commands. */
import { num } from '../flags.js';
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

/**
 * A number, or 'none' (kept as the string: commander turns a parser's null into ''); `orNull`
 * maps it to null when the options are built.
 */
export const numOrNoneFlag = (v: string): number | 'none' => (v.trim() === 'none' ? 'none' : num(v));

/** null for 'none', the number otherwise. */
export const orNull = (v: number | 'none'): number | null => (v === 'none' ? null : v);
