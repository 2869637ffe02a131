/**
 * Comlink callback proxies (the progress reports) each hold a MessagePort
 * until released; the workers release them when the work ends, so that a
 * long game does not pile up open ports.
 */
import * as Comlink from 'comlink';

export function releaseCallback(cb: unknown): void {
  const proxy = cb as { [Comlink.releaseProxy]?: () => void } | undefined;
  proxy?.[Comlink.releaseProxy]?.();
}
