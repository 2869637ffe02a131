/**
 * A small seedable PRNG for search and self-play: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator, PractRand-clean, 128-bit state). Its whole
 * state is four uint32 words, so a checkpoint saves and restores it exactly
 * and a run reproduces from its seed. Also the samplers MCTS needs: uniform,
 * normal (Box-Muller), gamma (Marsaglia & Tsang 2000) and Dirichlet.
 */

/** The saved state of an Rng: four uint32 words. */
export type RngState = [number, number, number, number];

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed = 1) {
    // splitmix32-style seeding so that nearby seeds give unrelated streams.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32(); // sfc32's recommended warm-up
  }

  /** A uniform uint32. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal deviate (Box-Muller; the second deviate is dropped to keep state simple). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A Gamma(alpha, 1) deviate: Marsaglia & Tsang, with the alpha < 1 boost u^(1/alpha). */
  gamma(alpha: number): number {
    if (alpha < 1) {
      let u = 0;
      while (u === 0) u = this.next();
      return this.gamma(alpha + 1) * Math.pow(u, 1 / alpha);
    }
    const d = alpha - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Fills out[0..n) with a Dirichlet(alpha, ..., alpha) sample. */
  dirichlet(alpha: number, n: number, out: Float64Array | Float32Array | number[]): void {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const g = this.gamma(alpha);
      out[i] = g;
      sum += g;
    }
    if (sum <= 0) {
      for (let i = 0; i < n; i++) out[i] = 1 / n;
      return;
    }
    for (let i = 0; i < n; i++) out[i] /= sum;
  }

  getState(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 4) throw new Error('an Rng state has four words');
    [this.a, this.b, this.c, this.d] = state.map((w) => w | 0);
  }
}

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit PRNG whose state is
 * one word, for the places that want a plain `() => number` stream (network
 * initialisation, solver tie-breaks, position generators). The one copy: its
 * outputs fix every network's initial weights, so it must never change.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
