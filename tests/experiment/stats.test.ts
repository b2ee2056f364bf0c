/** The experiment statistics against values worked out by hand (closed forms, enumerations). */
import { describe, expect, it } from 'vitest';
import {
  mean,
  meanInterval,
  median,
  midRanks,
  normalCdf,
  quantileSorted,
  stdev,
  studentTCdf,
  studentTQuantile,
  wilcoxonSignedRank,
} from '../../src/core/experiment/stats';

describe('descriptive statistics', () => {
  it('mean, sample standard deviation, median and type-7 quantiles', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    // Σ(x − 5)² = 32, over n − 1 = 7.
    expect(stdev(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // h = (4 − 1) · 0.25 = 0.75: between 1 and 2.
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(Number.isNaN(mean([]))).toBe(true);
  });

  it('midranks share the mean rank of a tie', () => {
    expect(midRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('distributions', () => {
  it('Student t with 1 and 2 degrees of freedom has closed-form quantiles', () => {
    // df = 1 is Cauchy: t_p = tan(π (p − ½)).
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(Math.tan(Math.PI * 0.475), 8);
    // df = 2: t_p = (2p − 1) / √(2 p (1 − p)).
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 8);
    expect(studentTQuantile(0.025, 2)).toBeCloseTo(-0.95 / Math.sqrt(2 * 0.975 * 0.025), 8);
    // Cauchy distribution function: ½ + atan(t)/π.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });

  it('tends to the normal for many degrees of freedom', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 10);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 10);
    expect(studentTQuantile(0.975, 100_000)).toBeCloseTo(1.96, 2);
  });

  it('the 95 % interval of the mean of 1..5', () => {
    // x̄ = 3, s = √2.5, t_{0.975,4} = 2.7764451, half = t · s / √5 = 1.9632432.
    const ci = meanInterval([1, 2, 3, 4, 5])!;
    expect(ci.low).toBeCloseTo(3 - 1.9632432, 6);
    expect(ci.high).toBeCloseTo(3 + 1.9632432, 6);
    expect(meanInterval([1])).toBeUndefined();
  });
});

describe('Wilcoxon signed-rank test', () => {
  it('an exact p-value by counting sign patterns', () => {
    // |d| ranks: 0.5→1, 1→2, 1.5→3, 2→4, 3→5, 4→6; negatives hold ranks 1 and 2, so W− = 3, W+ = 18.
    // Of the 2⁶ = 64 sign patterns, 5 give W− ≤ 3 ({}, {1}, {2}, {3}, {1,2}): p = 2 · 5/64.
    const r = wilcoxonSignedRank([1.5, -0.5, 2, 3, -1, 4]);
    expect(r).toMatchObject({ n: 6, wPlus: 18, wMinus: 3, method: 'exact' });
    expect(r.p).toBeCloseTo(10 / 64, 12);
  });

  it('zeros are dropped and ties share their mean rank', () => {
    // Without the zero: |d| = 1,1,1,2,2,3,4 → ranks 2,2,2,4.5,4.5,6,7; positives: 2+2+4.5+4.5+7 = 20.
    // Enumerating the 128 sign patterns: 21 give W+ ≥ 20, so p = 2 · 21/128.
    const r = wilcoxonSignedRank([1, 1, -1, 0, 2, 2, -3, 4]);
    expect(r).toMatchObject({ n: 7, wPlus: 20, wMinus: 8, method: 'exact' });
    expect(r.p).toBeCloseTo(42 / 128, 12);
  });

  it('the normal approximation above 50 pairs', () => {
    // d_i = (−1)^i · i, i = 1..60: W+ = 2 + 4 + … + 60 = 930, E = 915, Var = 60·61·121/24 = 18452.5,
    // z = (15 − ½) / √18452.5 = 0.106745, p = 2 (1 − Φ(z)) = 0.914993.
    const d = Array.from({ length: 60 }, (_, k) => (k % 2 === 1 ? 1 : -1) * (k + 1));
    const r = wilcoxonSignedRank(d);
    expect(r).toMatchObject({ n: 60, wPlus: 930, wMinus: 900, method: 'normal' });
    expect(r.p).toBeCloseTo(0.914993, 5);
  });

  it('no differences left: no p-value', () => {
    const r = wilcoxonSignedRank([0, 0, 1e-12], 1e-9);
    expect(r.n).toBe(0);
    expect(Number.isNaN(r.p)).toBe(true);
  });
});
