/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that run longest (end-to-end training runs, the solver on Pons'
 * sets, the CLIs as processes), started first whatever vitest's duration
 * cache holds (a clean clone has none): two workers finish together instead
 * of one running a long file alone at the end.
 */
const SLOW_FIRST = ['cli/train-learns', 'cli/train-resume', 'cli/train-engines', 'cli/strength', 'unit/solver-pons', 'cli/train.test', 'cli/card', 'cli/usage', 'cli/solve', 'unit/engine', 'cli/selfplay'];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.findIndex((name) => f.moduleId.includes(`/tests/${name}`));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// Cross-origin isolation lets onnxruntime-web use wasm threads (SharedArrayBuffer).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [svelte()],
  server: { headers: isolation },
  preview: { headers: isolation },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
    // The game, and the measurement page of `npm run match -- --web` (the game's own workers, driven by a script).
    rollupOptions: { input: { main: 'index.html', match: 'src/worker/match-page.html' } },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/cli/**/*.test.ts'],
    environment: 'node',
    // Two files at a time even on two cores (vitest's default is cores - 1): most of the
    // slow tests wait on child processes (the CLIs), so the second core would sit idle.
    maxWorkers: 2,
    sequence: { sequencer: SlowFirst },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
