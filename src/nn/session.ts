/**
 * The model I/O contract and a runtime-neutral wrapper around an ONNX
 * InferenceSession. onnxruntime-node and onnxruntime-web expose the same API
 * shape (`Tensor`, `InferenceSession.run`), so this file only describes that
 * shape structurally and imports neither: `node-session.ts` (Node only) and
 * `web-session.ts` (browser) create the session and hand it here.
 *
 * Contract: input 'input' float32 [N, 6, 7, 2] as written by `encodeInto`;
 * outputs 'policy' [N, 7] logits and 'value' [N, 1] (tanh, side to move),
 * and, where the model has a moves-left head, 'moves_left' [N, 1] (plies to
 * the game's end); two-output models work as they always did.
 */

import { INPUT_SHAPE, INPUT_SIZE } from '../engine/encoding.js';

export const INPUT_NAME = 'input';
export const POLICY_NAME = 'policy';
export const VALUE_NAME = 'value';
export const MOVES_LEFT_NAME = 'moves_left';

/** One batch's raw network outputs: N x 7 logits and N values. */
export interface RawOutputs {
  policy: Float32Array;
  value: Float32Array;
  /** N plies-left estimates, from a model with a moves-left head only. */
  movesLeft?: Float32Array;
}

/** What the evaluator needs from a runtime: run a batch of encoded positions. */
export interface ModelSession {
  run(input: Float32Array, batch: number): Promise<RawOutputs>;
  release(): Promise<void>;
}

/** The parts of `onnxruntime-{node,web}` used here. */
export interface OrtModule {
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}
export interface OrtInferenceSession {
  run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
  release(): Promise<void>;
}

/** Adapts an onnxruntime InferenceSession (either runtime) to ModelSession. */
export function wrapOrtSession(ort: OrtModule, session: OrtInferenceSession): ModelSession {
  return {
    async run(input, batch) {
      const tensor = new ort.Tensor('float32', input.subarray(0, batch * INPUT_SIZE), [batch, ...INPUT_SHAPE]);
      const out = await session.run({ [INPUT_NAME]: tensor });
      const policy = out[POLICY_NAME]?.data;
      const value = out[VALUE_NAME]?.data;
      if (!(policy instanceof Float32Array) || !(value instanceof Float32Array)) {
        throw new Error(`the model must output float32 '${POLICY_NAME}' [N,7] and '${VALUE_NAME}' [N,1]`);
      }
      const movesLeft = out[MOVES_LEFT_NAME]?.data;
      if (movesLeft === undefined) return { policy, value };
      if (!(movesLeft instanceof Float32Array)) throw new Error(`the model's '${MOVES_LEFT_NAME}' output must be float32 [N,1]`);
      return { policy, value, movesLeft };
    },
    release: () => session.release(),
  };
}
