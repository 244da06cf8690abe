// What the client gets for a successful read or write, by its Accept header, as k8s.io/apiserver
// negotiates it (pkg/endpoints/handlers/negotiation/negotiate.go, response.go, watch.go): JSON or
// YAML, or the object transformed into a Table, PartialObjectMetadata or PartialObjectMetadataList
// (`as=…;g=meta.k8s.io;v=v1`). Protobuf is not served: a clause asking only for it is skipped.

import { badRequest, notAcceptable, notAcceptableTransform } from '../api/errors.ts';
import { groupVersion } from '../api/resources.ts';
import type { ApiRequest, ApiResponse, KubeObject, WatchEvent } from '../client/protocol.ts';
import {
  convertToTable,
  partialObjectMetadata,
  type IncludeObject,
  type ListMeta,
} from './printers/convert.ts';
import { printerFor } from './printers/registry.ts';
import type { RequestContext, Strategy } from './registry/strategy.ts';
import { statusResponse } from './responses.ts';

type MediaType = 'application/json' | 'application/yaml';

interface Serializer {
  mediaType: MediaType;
  subType: string;
  /** Whether a watch can stream it (YAML has no stream serializer). */
  streams: boolean;
}

const JSON_SERIALIZER: Serializer = {
  mediaType: 'application/json',
  subType: 'json',
  streams: true,
};
const SERIALIZERS: readonly Serializer[] = [
  JSON_SERIALIZER,
  { mediaType: 'application/yaml', subType: 'yaml', streams: false },
];

const WATCH_MEDIA_TYPES = SERIALIZERS.filter((serializer) => serializer.streams).map(
  (serializer) => `${serializer.mediaType};stream=watch`,
);

const META_GROUP = 'meta.k8s.io';

interface Conversion {
  group: string;
  version: string;
  kind: string;
}

export interface Negotiated {
  serializer: Serializer;
  convert?: Conversion;
}

interface AcceptClause {
  type: string;
  subType: string;
  q: number;
  params: Map<string, string>;
}

const trimSpaces = (text: string): string => text.replace(/^ +| +$/g, '');

/** goautoneg's nextSplitElement: the text before the first separator, and the rest after it. */
function nextSplit(text: string, separator: string): [string, string] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
}

/** strconv.ParseFloat in decimal notation; what it rejects reads as quality 0. */
function parseQuality(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : 0;
}

function parseClause(part: string): AcceptClause | null {
  const [range, paramText] = nextSplit(trimSpaces(part), ';');
  const [type, afterType] = nextSplit(range, '/');
  const clause: AcceptClause = { type: trimSpaces(type), subType: '*', q: 1, params: new Map() };
  if (afterType === '') {
    if (clause.type !== '*') return null;
  } else {
    const [subType, extra] = nextSplit(afterType, '/');
    if (extra !== '') return null;
    clause.subType = trimSpaces(subType);
  }
  let remaining = paramText;
  while (remaining !== '') {
    const [param, rest] = nextSplit(remaining, ';');
    remaining = rest;
    const [key, afterKey] = nextSplit(param, '=');
    if (afterKey === '') continue;
    const [value, extra] = nextSplit(afterKey, '=');
    if (extra !== '') continue;
    if (trimSpaces(key) === 'q') clause.q = parseQuality(value);
    else clause.params.set(trimSpaces(key), trimSpaces(value));
  }
  return clause;
}

/** goautoneg.ParseAccept: clauses as written, then ordered by quality and specificity. */
export function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  let remaining = header;
  while (remaining !== '') {
    const [part, rest] = nextSplit(remaining, ',');
    remaining = rest;
    const clause = parseClause(part);
    if (clause) clauses.push(clause);
  }
  return sortClauses(clauses);
}

/** sort.Sort with goautoneg's Less: an insertion sort at header sizes, so equal clauses keep order. */
function sortClauses(clauses: AcceptClause[]): AcceptClause[] {
  const less = (a: AcceptClause, b: AcceptClause): boolean =>
    a.q > b.q || (a.type !== '*' && b.type === '*') || (a.subType !== '*' && b.subType === '*');
  for (let i = 1; i < clauses.length; i++) {
    for (
      let j = i;
      j > 0 && less(clauses[j] as AcceptClause, clauses[j - 1] as AcceptClause);
      j--
    ) {
      [clauses[j - 1], clauses[j]] = [clauses[j] as AcceptClause, clauses[j - 1] as AcceptClause];
    }
  }
  return clauses;
}

/** RequestScope.AllowsMediaTypeTransform: only meta.k8s.io's Table (JSON/YAML) and metadata kinds. */
function allowsTransform(serializer: Serializer, convert: Conversion | undefined): boolean {
  if (!convert) return true;
  if (convert.group !== META_GROUP || (convert.version !== 'v1' && convert.version !== 'v1beta1'))
    return false;
  if (convert.kind === 'Table')
    return serializer.subType === 'json' || serializer.subType === 'yaml';
  return convert.kind === 'PartialObjectMetadata' || convert.kind === 'PartialObjectMetadataList';
}

/** acceptMediaTypeOptions: the clause's parameters, or null when the server cannot honour them. */
function acceptOptions(clause: AcceptClause, serializer: Serializer): Negotiated | null {
  let convert: Conversion | undefined;
  for (const [key, value] of clause.params) {
    if (key === 'as' || key === 'g' || key === 'v') {
      convert ??= { group: '', version: '', kind: '' };
      if (key === 'as') convert.kind = value;
      else if (key === 'g') convert.group = value;
      else convert.version = value;
    } else if (key === 'stream' && value !== '' && (!serializer.streams || value !== 'watch')) {
      return null;
    } else if (key === 'sv' && value !== '' && value !== 'v1') {
      return null;
    }
  }
  if (!allowsTransform(serializer, convert)) return null;
  return convert ? { serializer, convert } : { serializer };
}

/** NegotiateMediaTypeOptions: the first clause, in sorted order, that a serializer can satisfy. */
export function negotiate(accept: string | undefined): Negotiated | null {
  if (!accept) return { serializer: JSON_SERIALIZER };
  for (const clause of parseAccept(accept)) {
    for (const serializer of SERIALIZERS) {
      const [type, subType] = serializer.mediaType.split('/');
      const matches =
        (clause.type === type && (clause.subType === subType || clause.subType === '*')) ||
        (clause.type === '*' && clause.subType === '*');
      if (!matches) continue;
      const options = acceptOptions(clause, serializer);
      if (options) return options;
    }
  }
  return null;
}

/** The 406 of NegotiateOutputMediaType, listing what this server serves. */
export function refuseUnacceptable(request: ApiRequest): ApiResponse | null {
  if (negotiate(request.accept)) return null;
  return statusResponse(notAcceptable(SERIALIZERS.map((serializer) => serializer.mediaType)));
}

/** optionsForTransform: TableOptions.includeObject, validated. */
function includeObject(request: ApiRequest): IncludeObject | ApiResponse {
  const value = request.query?.includeObject ?? '';
  if (value === '' || value === 'None' || value === 'Metadata' || value === 'Object') return value;
  return statusResponse(
    badRequest(
      `Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(value)}: must be 'Metadata', 'Object', 'None', or empty`,
    ),
  );
}

function groupOf(apiVersion: string | undefined): string {
  const slash = apiVersion?.indexOf('/') ?? -1;
  return slash < 0 ? '' : (apiVersion ?? '').slice(0, slash);
}

/** The Go type `%T` prints for the registry's internal object: `*core.Pod`, `*apps.ReplicaSetList`. */
function goTypeName(group: string, kind: string): string {
  const internalPackage =
    group === '' || group === 'events.k8s.io' ? 'core' : (group.split('.')[0] ?? group);
  return `*${internalPackage}.${kind}`;
}

interface ListBody extends KubeObject {
  metadata?: ListMeta;
  items: KubeObject[];
}

function isList(body: KubeObject): body is ListBody {
  return Array.isArray((body as { items?: unknown }).items);
}

/** List items carry no kind or apiVersion; a row's object does, as ConvertToVersion sets them. */
function listObjects(strategy: Strategy, list: ListBody): KubeObject[] {
  const kind = strategy.type.kind;
  const apiVersion = groupVersion(strategy.type);
  return list.items.map((item) => ({ kind, apiVersion, ...item }));
}

/** A single object's table carries the object's resourceVersion (meta.CommonAccessor). */
function objectListMeta(object: KubeObject): ListMeta {
  const resourceVersion = object.metadata?.resourceVersion;
  return resourceVersion ? { resourceVersion } : {};
}

/** ListMeta fields in their JSON order, without the empty ones. */
function listMeta(metadata: ListMeta | undefined): ListMeta {
  const meta: ListMeta = {};
  if (metadata?.resourceVersion) meta.resourceVersion = metadata.resourceVersion;
  if (metadata?.continue) meta.continue = metadata.continue;
  if (metadata?.remainingItemCount) meta.remainingItemCount = metadata.remainingItemCount;
  return meta;
}

function transform(
  strategy: Strategy,
  request: ApiRequest,
  now: number,
  body: KubeObject,
  convert: Conversion,
): KubeObject | ApiResponse {
  const metaVersion = `${META_GROUP}/${convert.version}`;
  const list = isList(body);
  const typeName = list
    ? goTypeName(strategy.type.group, `${strategy.type.kind}List`)
    : goTypeName(groupOf(body.apiVersion), body.kind ?? strategy.type.kind);
  if (convert.kind === 'PartialObjectMetadata') {
    if (list) {
      return statusResponse(
        notAcceptableTransform(
          `you requested PartialObjectMetadata, but the requested object is a list (${typeName})`,
        ),
      );
    }
    return partialObjectMetadata(body, metaVersion);
  }
  if (convert.kind === 'PartialObjectMetadataList') {
    if (!list) {
      return statusResponse(
        notAcceptableTransform(
          `you requested PartialObjectMetadataList, but the requested object is not a list (${typeName})`,
        ),
      );
    }
    const items = body.items.map((item) => partialObjectMetadata(item, metaVersion));
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: metaVersion,
      metadata: listMeta(body.metadata),
      // Built by appending to a nil slice: an empty list serializes `items: null`.
      items: items.length === 0 ? null : items,
    } as KubeObject;
  }
  const include = includeObject(request);
  if (typeof include !== 'string') return include;
  const options = { groupVersion: metaVersion, includeObject: include, noHeaders: false, now };
  if (list) {
    const printer = printerFor(strategy.type.group, strategy.type.kind);
    return convertToTable(printer, listObjects(strategy, body), listMeta(body.metadata), options);
  }
  const printer = printerFor(groupOf(body.apiVersion), body.kind ?? strategy.type.kind);
  return convertToTable(printer, [body], objectListMeta(body), options);
}

/** transformResponseObject: the body in the negotiated form; Status bodies go out as they are. */
export function render(
  strategy: Strategy,
  request: ApiRequest,
  context: Pick<RequestContext, 'now'>,
  body: KubeObject,
  code = 200,
): ApiResponse {
  const negotiated = negotiate(request.accept);
  if (!negotiated) return refuseUnacceptable(request) as ApiResponse;
  const contentType = negotiated.serializer.mediaType;
  if (!negotiated.convert || body.kind === 'Status') return { code, body, contentType };
  const result = transform(strategy, request, context.now, body, negotiated.convert);
  if ('code' in result) return result;
  return { code, body: result, contentType };
}

/** Transforms one watch event's object for the client (watchEmbeddedEncoder). */
export type WatchEncoder = (event: WatchEvent) => WatchEvent;

/**
 * How a watch encodes its events, or the refusal: the negotiated type must stream, and a Table
 * watch sends its column definitions with the first event only.
 */
export function negotiateWatch(request: ApiRequest, now: () => number): WatchEncoder | ApiResponse {
  const negotiated = negotiate(request.accept);
  if (!negotiated) return refuseUnacceptable(request) as ApiResponse;
  const convert = negotiated.convert;
  let include: IncludeObject = '';
  if (convert?.kind === 'Table') {
    const value = includeObject(request);
    if (typeof value !== 'string') return value;
    include = value;
  }
  if (!negotiated.serializer.streams) return statusResponse(notAcceptable(WATCH_MEDIA_TYPES));
  if (!convert) return (event) => event;
  const metaVersion = `${META_GROUP}/${convert.version}`;
  let noHeaders = false;
  return (event) => {
    const object = event.object;
    if (object.kind === 'Status') return event;
    if (convert.kind === 'PartialObjectMetadata') {
      return { type: event.type, object: partialObjectMetadata(object, metaVersion) };
    }
    // A single object cannot become a list: upstream logs it and sends the object unchanged.
    if (convert.kind !== 'Table') return event;
    const printer = printerFor(groupOf(object.apiVersion), object.kind ?? '');
    const options = { groupVersion: metaVersion, includeObject: include, noHeaders, now: now() };
    noHeaders = true;
    const table = convertToTable(printer, [object], objectListMeta(object), options);
    return { type: event.type, object: table };
  };
}
