// Answers that go on after their head (pods/log?follow=true), as a chunked HTTP response does:
// the handler writes to a ResponseBody; the API server's component sends the text as
// `stream-data` once the head has left, ends it with `stream-end`, and passes a client's
// `stream-cancel` on to whoever produces the text (the kubelet's follow).

import type { ApiResponse, ComponentId, Message } from '../client/protocol.ts';

export interface ResponseBody {
  write(chunk: string): void;
  end(): void;
  /** `cancel` runs once if the client leaves first. */
  onCancel(cancel: () => void): void;
}

class OutgoingBody implements ResponseBody {
  /** Text written before the head left, or null once it has. */
  private held: string[] | null = [];
  private ended = false;
  private endHeld = false;
  private cancel: (() => void) | null = null;
  private cancelled = false;

  constructor(
    private readonly send: (message: Message) => void,
    private readonly id: number,
    private readonly done: () => void,
  ) {}

  write(chunk: string): void {
    if (this.ended || chunk === '') return;
    if (this.held) this.held.push(chunk);
    else this.send({ type: 'stream-data', id: this.id, data: chunk });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.cancel = null;
    if (this.held) {
      this.endHeld = true;
      return;
    }
    this.send({ type: 'stream-end', id: this.id });
    this.done();
  }

  onCancel(cancel: () => void): void {
    if (this.cancelled) cancel();
    else if (!this.ended) this.cancel = cancel;
  }

  /** The head has left: what was written meanwhile follows it. */
  open(): void {
    const held = this.held ?? [];
    this.held = null;
    if (held.length > 0) this.send({ type: 'stream-data', id: this.id, data: held.join('') });
    if (this.endHeld) {
      this.send({ type: 'stream-end', id: this.id });
      this.done();
    }
  }

  /** The client left, or the answer was not a stream: stop whoever was producing. */
  abandon(): void {
    this.cancelled = true;
    this.ended = true;
    const cancel = this.cancel;
    this.cancel = null;
    cancel?.();
    this.done();
  }
}

/** The bodies of the answers being served, by client and request id. */
export class ResponseStreams {
  private readonly bodies = new Map<string, OutgoingBody>();

  constructor(private readonly send: (to: ComponentId, message: Message) => void) {}

  /** The body of the answer to `from`'s request `id`, held until the head has been sent. */
  begin(from: ComponentId, id: number): ResponseBody {
    const key = `${from}#${id}`;
    const body = new OutgoingBody(
      (message) => {
        this.send(from, message);
      },
      id,
      () => this.bodies.delete(key),
    );
    this.bodies.set(key, body);
    return body;
  }

  /** The head has been sent: a streamed answer goes on, any other drops its body. */
  answered(from: ComponentId, id: number, response: ApiResponse): void {
    const body = this.bodies.get(`${from}#${id}`);
    if (!body) return;
    if (response.stream) body.open();
    else body.abandon();
  }

  /** The client's `stream-cancel`. */
  cancel(from: ComponentId, id: number): void {
    this.bodies.get(`${from}#${id}`)?.abandon();
  }
}
