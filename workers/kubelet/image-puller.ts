// The kubelet's image manager (pkg/kubelet/images/image_manager.go EnsureImageExists): the pull
// policy, the Pulling/Pulled/Failed/BackOff events with their 1.32 texts, and the pull back-off
// keyed per pod and image (10 s doubling to 5 min), during which the container waits in
// ImagePullBackOff with the last pull error. A runtime that cannot tell whether it holds the image
// leaves the container in ImageInspectError.

import type { Container, Pod } from 'kubernetes-types/core/v1';
import { goDuration } from '../api/duration.ts';
import type { CoreEventRecorder } from '../client/events.ts';
import type { Clock } from '../host/clock.ts';
import { Backoff } from './backoff.ts';
import { ImagePullError, type ImageService, type PulledImage } from './cri.ts';

/** Why the container has no image yet: its waiting reason and message. */
export interface PullFailure {
  reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'ImageInspectError';
  message: string;
  /** When a new attempt may succeed (the back-off's end), if it may. */
  retryAt?: number;
}

export interface ImagePullerDeps {
  images: ImageService;
  clock: Clock;
  recorder: Pick<CoreEventRecorder, 'event'>;
  traceRuntime(pod: Pod, call: string, detail?: string): void;
}

export class ImagePuller {
  private readonly backoff = new Backoff();
  /** The last pull error per image, which ImagePullBackOff repeats. */
  private readonly lastErrors = new Map<string, string>();

  constructor(private readonly deps: ImagePullerDeps) {}

  /** The image for `container`, or why there is none. */
  async ensureImageExists(
    pod: Pod,
    container: Container,
    fieldPath: string,
  ): Promise<PulledImage | PullFailure> {
    const { images, clock, recorder } = this.deps;
    const image = container.image ?? '';
    const policy = container.imagePullPolicy ?? 'IfNotPresent';
    const event = (type: 'Normal' | 'Warning', reason: string, message: string): void => {
      recorder.event(pod, type, reason, message, fieldPath);
    };
    let present: PulledImage | undefined;
    try {
      present = await images.imageStatus(image);
    } catch (error) {
      const message = `Failed to inspect image "${image}": ${error instanceof Error ? error.message : String(error)}`;
      event('Warning', 'InspectFailed', message);
      return { reason: 'ImageInspectError', message, retryAt: clock.now() + 1_000 };
    }
    if (present && policy !== 'Always') {
      event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      return present;
    }
    if (!present && policy === 'Never') {
      const message = `Container image "${image}" is not present with pull policy of Never`;
      event('Warning', 'ErrImageNeverPull', message);
      return { reason: 'ErrImageNeverPull', message };
    }
    const key = `${pod.metadata?.uid ?? ''}_${image}`;
    const now = clock.now();
    if (this.backoff.isInBackOffSinceUpdate(key, now)) {
      event('Normal', 'BackOff', `Back-off pulling image "${image}"`);
      event('Warning', 'Failed', 'Error: ImagePullBackOff');
      return {
        reason: 'ImagePullBackOff',
        message: `Back-off pulling image "${image}": ErrImagePull: ${this.lastErrors.get(key) ?? ''}`,
        retryAt: this.backoff.lastUpdate(key) + this.backoff.get(key),
      };
    }
    event('Normal', 'Pulling', `Pulling image "${image}"`);
    this.deps.traceRuntime(pod, 'PullImage', image);
    try {
      const pulled = await images.pullImage(image, policy);
      const took = goDuration(clock.now() - now);
      event(
        'Normal',
        'Pulled',
        `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: ${String(pulled.size)} bytes.`,
      );
      return pulled;
    } catch (error) {
      if (!(error instanceof ImagePullError)) throw error;
      event('Warning', 'Failed', `Failed to pull image "${image}": ${error.message}`);
      event('Warning', 'Failed', 'Error: ErrImagePull');
      this.backoff.next(key, clock.now());
      this.lastErrors.set(key, error.message);
      return { reason: 'ErrImagePull', message: error.message, retryAt: clock.now() + 1_000 };
    }
  }
}
