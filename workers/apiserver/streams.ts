// Answers that go on after their head (pods/log?follow=true), as a chunked HTTP response does:
// the handler writes to a ResponseBody; the API server's component sends the text as
// `stream-data` once the head has left, ends it with `stream-end`, and passes a client's
// `stream-cancel` on to whoever produces the text (the kubelet's follow). An upgraded answer
// (pods/exec) writes on channels and hears the client's input (stdin, resize) the same way.

import type { ApiResponse, ComponentId, Message, StreamChannel } from '../client/protocol.ts';

/** The client's side of an upgraded stream. */
export interface StreamInput {
  data(chunk: string, channel: StreamChannel): void;
  /** The client's stdin has ended. */
  end(): void;
}

export interface ResponseBody {
  write(chunk: string, channel?: StreamChannel): void;
  end(): void;
  /** `cancel` runs once if the client leaves first. */
  onCancel(cancel: () => void): void;
  /** Where the client's input goes; what came before is passed on at once. */
  onInput(input: StreamInput): void;
}

type HeldInput = { chunk: string; channel: StreamChannel } | 'end';

class OutgoingBody implements ResponseBody {
  /** What was written before the head left, or null once it has. */
  private held: Extract<Message, { type: 'stream-data' }>[] | null = [];
  private ended = false;
  private endHeld = false;
  private cancel: (() => void) | null = null;
  private cancelled = false;
  private input: StreamInput | null = null;
  private readonly heldInput: HeldInput[] = [];

  constructor(
    private readonly send: (message: Message) => void,
    private readonly id: number,
    private readonly done: () => void,
  ) {}

  write(chunk: string, channel?: StreamChannel): void {
    if (this.ended || (chunk === '' && !channel)) return;
    const message: Message = { type: 'stream-data', id: this.id, data: chunk };
    if (channel) message.channel = channel;
    if (this.held) this.held.push(message);
    else this.send(message);
  }

  onInput(input: StreamInput): void {
    this.input = input;
    for (const held of this.heldInput.splice(0)) {
      if (held === 'end') input.end();
      else input.data(held.chunk, held.channel);
    }
  }

  /** The client wrote on a channel, or ended its stdin. */
  receive(held: HeldInput): void {
    if (this.ended) return;
    if (!this.input) this.heldInput.push(held);
    else if (held === 'end') this.input.end();
    else this.input.data(held.chunk, held.channel);
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
    for (const message of coalesce(held)) this.send(message);
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

/** Consecutive chunks on the same channel travel as one message. */
function coalesce(
  messages: Extract<Message, { type: 'stream-data' }>[],
): Extract<Message, { type: 'stream-data' }>[] {
  const out: Extract<Message, { type: 'stream-data' }>[] = [];
  for (const message of messages) {
    const last = out[out.length - 1];
    if (last && last.channel === message.channel && message.channel !== 'error')
      out[out.length - 1] = { ...last, data: last.data + message.data };
    else out.push(message);
  }
  return out;
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

  /** The client's input on an upgraded stream: data on a channel, or the end of its stdin. */
  input(from: ComponentId, id: number, chunk: string, channel: StreamChannel): void {
    this.bodies.get(`${from}#${id}`)?.receive({ chunk, channel });
  }

  inputEnd(from: ComponentId, id: number): void {
    this.bodies.get(`${from}#${id}`)?.receive('end');
  }
}
