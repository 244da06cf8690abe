// The access review APIs: create-only resources answered from the authorizer and stored nowhere
// (pkg/registry/authorization/{selfsubjectaccessreview,subjectaccessreview,
// localsubjectaccessreview,selfsubjectrulesreview}/rest.go, pkg/apis/authorization/validation,
// pkg/registry/authentication/selfsubjectreview/rest.go). Left out: field and label selectors in
// resourceAttributes.

import type {
  NonResourceAttributes,
  ResourceAttributes,
  SubjectAccessReviewSpec,
} from 'kubernetes-types/authorization/v1';
import {
  aggregateMessage,
  badRequest,
  field,
  goQuote,
  invalid,
  type FieldError,
} from '../../api/errors.ts';
import { formatTime } from '../../api/time.ts';
import { builtinType } from '../../api/resources.ts';
import type { KubeObject, ObjectMeta, UserInfo } from '../../client/protocol.ts';
import type { Attributes } from '../auth/authorizer.ts';
import { ApiError } from './generic.ts';
import type { RequestContext, Strategy } from './strategy.ts';

const AUTHORIZATION = 'authorization.k8s.io';
const AUTHENTICATION = 'authentication.k8s.io';

/** ObjectMeta as Go serializes an empty one: the zero creationTimestamp is `null`. */
const EMPTY_METADATA = { creationTimestamp: null } as unknown as ObjectMeta;

interface Review extends KubeObject {
  spec?: SubjectAccessReviewSpec & { namespace?: string };
}

/** ResourceAttributesFrom / NonResourceAttributesFrom. */
function attributesFrom(user: UserInfo, spec: SubjectAccessReviewSpec): Attributes {
  const resource: ResourceAttributes | undefined = spec.resourceAttributes;
  const nonResource: NonResourceAttributes = spec.nonResourceAttributes ?? {};
  return {
    user,
    isResourceRequest: resource !== undefined,
    path: resource ? '' : (nonResource.path ?? ''),
    verb: (resource ? resource.verb : nonResource.verb) ?? '',
    apiPrefix: '',
    apiGroup: resource?.group ?? '',
    apiVersion: resource?.version || '*',
    namespace: resource?.namespace ?? '',
    resource: resource?.resource ?? '',
    subresource: resource?.subresource ?? '',
    name: resource?.name ?? '',
    parts: [],
  };
}

/** The internal NonResourceAttributes as Go's %#v shows it in a field error. */
function goNonResourceAttributes(attributes: NonResourceAttributes): { goSyntax: string } {
  return {
    goSyntax: `authorization.NonResourceAttributes{Path:${goQuote(attributes.path ?? '')}, Verb:${goQuote(attributes.verb ?? '')}}`,
  };
}

function validateAttributes(spec: SubjectAccessReviewSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errors.push(
      field.invalid(
        'spec.nonResourceAttributes',
        goNonResourceAttributes(spec.nonResourceAttributes),
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errors.push(
      field.invalid(
        'spec.resourceAttributes',
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  return errors;
}

/** ValidateSubjectAccessReviewSpec: the attributes, and someone to check. */
function validateSubjectSpec(spec: SubjectAccessReviewSpec): FieldError[] {
  const errors = validateAttributes(spec);
  if (!spec.user && (spec.groups ?? []).length === 0) {
    errors.push(
      field.invalid(
        'spec.user',
        spec.user ?? '',
        'at least one of user or group must be specified',
      ),
    );
  }
  return errors;
}

/** The metadata a review may carry: none, or for LocalSubjectAccessReview its namespace. */
function metadataErrors(review: Review, allowNamespace: boolean): FieldError[] {
  const { managedFields: _fields, namespace, ...rest } = review.metadata ?? {};
  const set = Object.values(rest).some(
    (value) => value !== null && value !== undefined && value !== '',
  );
  if (!set && (allowNamespace || !namespace)) return [];
  return [
    field.invalid(
      'metadata',
      review.metadata,
      allowNamespace ? 'must be empty except for namespace' : 'must be empty',
    ),
  ];
}

function refuseInvalid(kind: string, errors: FieldError[]): void {
  if (errors.length > 0) throw new ApiError(invalid({ group: AUTHORIZATION, kind }, '', errors));
}

function subjectOf(spec: SubjectAccessReviewSpec): UserInfo {
  const user: UserInfo = { username: spec.user ?? '', groups: spec.groups ?? [] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra) user.extra = spec.extra;
  return user;
}

function decide(review: Review, user: UserInfo, context: RequestContext): KubeObject {
  const authorizer = context.authorization?.authorizer;
  if (!authorizer) throw new ApiError(badRequest('no authorizer on request'));
  const result = authorizer.authorize(attributesFrom(user, review.spec ?? {}));
  const status: Record<string, unknown> = { allowed: result.decision === 'Allow' };
  if (result.decision === 'Deny') status.denied = true;
  if (result.reason !== '') status.reason = result.reason;
  return {
    ...review,
    metadata: { ...EMPTY_METADATA, ...review.metadata },
    status,
  } as KubeObject;
}

const createOnly = (
  group: string,
  resource: string,
  serveCreate: Strategy['serveCreate'],
): Strategy => ({
  type: builtinType(group, resource),
  validate: () => [],
  validateUpdate: () => [],
  serveCreate,
});

export const selfSubjectAccessReviewStrategy = createOnly(
  AUTHORIZATION,
  'selfsubjectaccessreviews',
  (object, context) => {
    const review = object as Review;
    refuseInvalid('SelfSubjectAccessReview', [
      ...validateAttributes(review.spec ?? {}),
      ...metadataErrors(review, false),
    ]);
    return decide(review, context.user, context);
  },
);

export const subjectAccessReviewStrategy = createOnly(
  AUTHORIZATION,
  'subjectaccessreviews',
  (object, context) => {
    const review = object as Review;
    const spec = review.spec ?? {};
    const errors = validateSubjectSpec(spec);
    refuseInvalid('SubjectAccessReview', [...errors, ...metadataErrors(review, false)]);
    return decide(review, subjectOf(spec), context);
  },
);

export const localSubjectAccessReviewStrategy = createOnly(
  AUTHORIZATION,
  'localsubjectaccessreviews',
  (object, context) => {
    const review = object as Review;
    const spec = review.spec ?? {};
    const namespace = review.metadata?.namespace ?? '';
    const errors = validateSubjectSpec(spec);
    errors.push(...metadataErrors(review, true));
    if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== namespace)
      errors.push(
        field.invalid(
          'spec.resourceAttributes.namespace',
          spec.resourceAttributes.namespace ?? '',
          'must match metadata.namespace',
        ),
      );
    if (spec.nonResourceAttributes)
      errors.push(
        field.invalid(
          'spec.nonResourceAttributes',
          goNonResourceAttributes(spec.nonResourceAttributes),
          'disallowed on this kind of request',
        ),
      );
    refuseInvalid('LocalSubjectAccessReview', errors);
    return decide(review, subjectOf(spec), context);
  },
);

export const selfSubjectRulesReviewStrategy = createOnly(
  AUTHORIZATION,
  'selfsubjectrulesreviews',
  (object, context) => {
    const namespace = (object as Review).spec?.namespace ?? '';
    if (namespace === '') throw new ApiError(badRequest('no namespace on request'));
    const resolved = context.authorization?.rulesFor(context.user, namespace) ?? {
      rules: [],
      errors: [],
      incomplete: false,
    };
    const resourceRules = resolved.rules
      .filter((rule) => (rule.resources ?? []).length > 0)
      .map((rule) => ({
        verbs: rule.verbs,
        ...(rule.apiGroups?.length ? { apiGroups: rule.apiGroups } : {}),
        resources: rule.resources,
        ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
      }));
    const nonResourceRules = resolved.rules
      .filter((rule) => (rule.nonResourceURLs ?? []).length > 0)
      .map((rule) => ({ verbs: rule.verbs, nonResourceURLs: rule.nonResourceURLs }));
    return {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: EMPTY_METADATA,
      spec: {},
      status: {
        resourceRules: resourceRules.length > 0 ? resourceRules : null,
        nonResourceRules: nonResourceRules.length > 0 ? nonResourceRules : null,
        incomplete: resolved.incomplete,
        ...(resolved.errors.length > 0
          ? { evaluationError: aggregateMessage(resolved.errors) }
          : {}),
      },
    } as KubeObject;
  },
);

export const selfSubjectReviewStrategy = createOnly(
  AUTHENTICATION,
  'selfsubjectreviews',
  (_object, context) => {
    const user = context.user;
    const userInfo: Record<string, unknown> = {};
    if (user.username) userInfo.username = user.username;
    if (user.uid) userInfo.uid = user.uid;
    if (user.groups.length > 0) userInfo.groups = user.groups;
    if (user.extra && Object.keys(user.extra).length > 0) userInfo.extra = user.extra;
    return {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: formatTime(context.now) },
      status: { userInfo },
    } as KubeObject;
  },
);
