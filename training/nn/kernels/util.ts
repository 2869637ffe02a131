/** Helpers for kernels composed of other kernels of the same backend. */
import { getKernel, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';

export type Backend = KernelBackend;

/** Runs kernel `name` of `backendName` and returns its single output. */
export function run(backendName: string, backend: Backend, name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo {
  const k = getKernel(name, backendName);
  if (k == null) throw new Error(`kernel ${name} is not registered for backend ${backendName}`);
  const out = k.kernelFunc({ inputs, attrs, backend: backend as {} });
  return Array.isArray(out) ? out[0] : out;
}

/** Collects intermediates so a kernel can free them all at the end. */
export class Scratch {
  private readonly temps: TensorInfo[] = [];
  constructor(
    private readonly backendName: string,
    private readonly backend: Backend,
  ) {}
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const out = run(this.backendName, this.backend, name, inputs, attrs);
    this.temps.push(out);
    return out;
  }
  /** Frees every intermediate except `keep`, which is returned. */
  finish(keep: TensorInfo): TensorInfo {
    for (const t of this.temps) if (t !== keep) this.backend.disposeData(t.dataId);
    return keep;
  }
}

/** The wasm convolutions are NHWC only. */
export function requireNhwc(dataFormat: unknown, kernel: string): void {
  if (dataFormat != null && dataFormat !== 'NHWC') throw new Error(`${kernel}: only NHWC is supported, got ${String(dataFormat)}`);
}
