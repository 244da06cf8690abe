// Images a host page defines as data (the embed widget's registerImages): what the container
// prints and when, the HTTP answer it serves on one port, and when it exits. No code travels:
// a definition is checked field by field here, then becomes a catalog entry and a program
// (custom-image-program.ts) in the node's simulated runtime. References follow docker's
// reference grammar (distribution/reference regexp.go) without digests.

import { findImage, imageName, normalizeImage, type CatalogImage } from './images.ts';

export const MAX_CUSTOM_IMAGES = 16;
export const MAX_LOG_LINES = 50;
export const MAX_LOG_TEXT = 1000;
export const MAX_BODY = 16 * 1024;
export const MAX_SECONDS = 3600;
const MAX_REFERENCE = 255;
const DEFAULT_SIZE_BYTES = 5_000_000;
const MAX_SIZE_BYTES = 10 * 1024 * 1024 * 1024;

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  /** Seconds after the container starts. */
  afterSeconds: number;
  text: string;
  stream?: LogStream;
}

export interface ImageDefinition {
  /** The reference pods name it by, as in `image: example.com/hello:1.0` (no tag: `latest`). */
  image: string;
  /** The compressed size the Pulled event reports; pulls take time in proportion. */
  sizeBytes?: number;
  logs?: LogLine[];
  /** A line printed every `everySeconds`, from `everySeconds` after the start. */
  repeat?: { everySeconds: number; text: string; stream?: LogStream };
  /** One HTTP answer for every path on `port`, from `afterSeconds` after the start. */
  http?: {
    port: number;
    status: number;
    body: string;
    contentType?: string;
    afterSeconds?: number;
    /** Writes a common-log-format line to stdout for each request from a pod. */
    accessLog?: boolean;
  };
  /** The process ends `afterSeconds` after the start with exit status `code`. */
  exit?: { afterSeconds: number; code: number };
}

export class ImageDefinitionError extends Error {
  override readonly name = 'ImageDefinitionError';
}

type JsonRecord = Record<string, unknown>;

function fail(path: string, message: string): never {
  throw new ImageDefinitionError(`${path}: ${message}`);
}

function record(value: unknown, path: string, allowed: readonly string[]): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(path, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${path}.${key}`, 'unknown field');
  }
  return value as JsonRecord;
}

function text(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') fail(path, 'must be a string');
  if (value.length > max) fail(path, `must be at most ${max} characters`);
  return value;
}

function integer(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'must be an integer');
  if (value < min || value > max) fail(path, `must be between ${min} and ${max}`);
  return value;
}

function stream(value: unknown, path: string): { stream?: LogStream } {
  if (value === undefined) return {};
  if (value !== 'stdout' && value !== 'stderr') fail(path, 'must be "stdout" or "stderr"');
  return { stream: value };
}

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?$`,
);

function reference(value: unknown, path: string): string {
  const image = text(value, path, MAX_REFERENCE);
  if (!REFERENCE.test(image))
    fail(path, 'must be an image reference such as "example.com/hello:1.0" (no digest)');
  if (findImage(image))
    fail(path, `"${normalizeImage(image).repository}" is a built-in image and cannot be redefined`);
  return image;
}

function readLogLine(value: unknown, path: string): LogLine {
  const line = record(value, path, ['afterSeconds', 'text', 'stream']);
  return {
    afterSeconds: integer(line.afterSeconds, `${path}.afterSeconds`, 0, MAX_SECONDS),
    text: text(line.text, `${path}.text`, MAX_LOG_TEXT),
    ...stream(line.stream, `${path}.stream`),
  };
}

function readHttp(value: unknown, path: string): NonNullable<ImageDefinition['http']> {
  const http = record(value, path, [
    'port',
    'status',
    'body',
    'contentType',
    'afterSeconds',
    'accessLog',
  ]);
  if (http.accessLog !== undefined && typeof http.accessLog !== 'boolean')
    fail(`${path}.accessLog`, 'must be true or false');
  const contentType =
    http.contentType === undefined ? undefined : text(http.contentType, `${path}.contentType`, 100);
  if (contentType !== undefined && !/^[\w.+-]+\/[\w.+-]+(?:; ?[\w-]+=[\w.-]+)?$/.test(contentType))
    fail(`${path}.contentType`, 'must be a media type such as "text/plain; charset=utf-8"');
  return {
    port: integer(http.port, `${path}.port`, 1, 65535),
    status: integer(http.status, `${path}.status`, 200, 599),
    body: text(http.body, `${path}.body`, MAX_BODY),
    ...(contentType !== undefined ? { contentType } : {}),
    ...(http.afterSeconds !== undefined
      ? { afterSeconds: integer(http.afterSeconds, `${path}.afterSeconds`, 0, MAX_SECONDS) }
      : {}),
    ...(http.accessLog !== undefined ? { accessLog: http.accessLog } : {}),
  };
}

function readDefinition(value: unknown, path: string): ImageDefinition {
  const definition = record(value, path, ['image', 'sizeBytes', 'logs', 'repeat', 'http', 'exit']);
  const image = reference(definition.image, `${path}.image`);
  const result: ImageDefinition = { image };
  if (definition.sizeBytes !== undefined)
    result.sizeBytes = integer(definition.sizeBytes, `${path}.sizeBytes`, 1, MAX_SIZE_BYTES);
  if (definition.logs !== undefined) {
    if (!Array.isArray(definition.logs)) fail(`${path}.logs`, 'must be a list');
    if (definition.logs.length > MAX_LOG_LINES)
      fail(`${path}.logs`, `must have at most ${MAX_LOG_LINES} entries`);
    result.logs = definition.logs.map((line, index) => readLogLine(line, `${path}.logs[${index}]`));
  }
  if (definition.repeat !== undefined) {
    const repeat = record(definition.repeat, `${path}.repeat`, ['everySeconds', 'text', 'stream']);
    result.repeat = {
      everySeconds: integer(repeat.everySeconds, `${path}.repeat.everySeconds`, 1, MAX_SECONDS),
      text: text(repeat.text, `${path}.repeat.text`, MAX_LOG_TEXT),
      ...stream(repeat.stream, `${path}.repeat.stream`),
    };
  }
  if (definition.http !== undefined) result.http = readHttp(definition.http, `${path}.http`);
  if (definition.exit !== undefined) {
    const exit = record(definition.exit, `${path}.exit`, ['afterSeconds', 'code']);
    result.exit = {
      afterSeconds: integer(exit.afterSeconds, `${path}.exit.afterSeconds`, 0, MAX_SECONDS),
      code: integer(exit.code, `${path}.exit.code`, 0, 255),
    };
  }
  return result;
}

/** Checks untrusted image definitions; throws an ImageDefinitionError naming the first problem. */
export function readImageDefinitions(value: unknown): ImageDefinition[] {
  if (!Array.isArray(value)) fail('images', 'must be a list');
  if (value.length > MAX_CUSTOM_IMAGES)
    fail('images', `must have at most ${MAX_CUSTOM_IMAGES} entries`);
  const definitions = value.map((definition, index) =>
    readDefinition(definition, `images[${index}]`),
  );
  const seen = new Set<string>();
  definitions.forEach((definition, index) => {
    const name = imageName(definition.image);
    if (seen.has(name)) fail(`images[${index}].image`, `"${name}" is defined twice`);
    seen.add(name);
  });
  return definitions;
}

/** The custom images a node's runtime knows, looked up by the name the runtime pulls under. */
export class CustomImages {
  private readonly byName: ReadonlyMap<string, ImageDefinition>;

  constructor(definitions: readonly ImageDefinition[] = []) {
    this.byName = new Map(
      definitions.map((definition) => [imageName(definition.image), definition]),
    );
  }

  definition(image: string): ImageDefinition | undefined {
    return this.byName.get(imageName(image));
  }

  /** As a catalog entry: pulled like any image; its process is the definition's program. */
  catalogEntry(image: string): CatalogImage | undefined {
    const definition = this.definition(image);
    if (!definition) return undefined;
    return {
      repository: normalizeImage(definition.image).repository,
      size: definition.sizeBytes ?? DEFAULT_SIZE_BYTES,
      ports: definition.http ? [definition.http.port] : [],
      entrypoint: [],
      cmd: [],
      idleMillicores: 0,
      workingSetBytes: 0,
    };
  }
}
