/**
 * Where the browser finds its data. The model is bundled from `models/` by
 * Vite (a glob import: the build still works while no model has been
 * trained, and the page then says so); the opening book is a static file in
 * `public/`, fetched by the solver worker.
 */
import { MODEL_FILE } from '../agent/defaults.js';

/** Every `models/*.onnx`, as URLs of the built assets. */
const MODELS: Record<string, string> = import.meta.glob('../../models/*.onnx', {
  query: '?url',
  import: 'default',
  eager: true,
});

/** Training curves written beside each model by `npm run card` (models/<name>.curve.svg). */
const CURVES: Record<string, string> = import.meta.glob('../../models/*.curve.svg', {
  query: '?url',
  import: 'default',
  eager: true,
});

/** The URL of a model's training-curve picture, or null when its card has none. */
export function curveFor(modelFile: string, curves: Record<string, string> = CURVES): string | null {
  const name = modelFile.replace(/^.*\//, '').replace(/\.onnx$/, '');
  const key = Object.keys(curves).find((k) => k.endsWith(`/${name}.curve.svg`));
  return key ? curves[key] : null;
}

/** The shipped model's file name and URL: models/agent.onnx (MODEL_FILE, loaded by default when it exists), else the last *.onnx by name; null when none. */
export function shippedModel(models: Record<string, string> = MODELS): { file: string; url: string } | null {
  const names = Object.keys(models).sort();
  if (names.length === 0) return null;
  const preferred = names.find((n) => n.endsWith(`/${MODEL_FILE}`)) ?? names[names.length - 1];
  return { file: preferred.replace(/^.*\/models\//, 'models/'), url: models[preferred] };
}

/** The opening book's URL (public/book/book.bin, written by `npm run book`), relative to the app's base. */
export const BOOK_URL = `${import.meta.env.BASE_URL}book/book.bin`;

/**
 * A model URL given in the page address (`?model=`), for trying another
 * model or the error path. Only same-origin paths are taken.
 */
export function modelOverride(href: string): string | null {
  const url = new URL(href);
  const m = url.searchParams.get('model');
  if (!m) return null;
  const target = new URL(m, url);
  return target.origin === url.origin ? target.pathname + target.search : null;
}

/**
 * A download timeout given in the page address (`?download-timeout-ms=`), in
 * milliseconds, for the browser tests of a stalled download; null (the
 * default of ./skeleton.ts applies) when absent or not a positive number.
 */
export function downloadTimeoutOverride(href: string): number | null {
  const ms = Number(new URL(href).searchParams.get('download-timeout-ms'));
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/**
 * The solver's time per position given in the page address
 * (`?analysis-ms=`), in seconds, for the browser tests of positions that
 * time out; null (the player's choice applies) when absent or not a positive number.
 */
export function analysisLimitOverride(href: string): number | null {
  const ms = Number(new URL(href).searchParams.get('analysis-ms'));
  return Number.isFinite(ms) && ms > 0 ? ms / 1000 : null;
}
