/**
 * Decoding recognised objects into typed models, once per object, the way the Kubernetes decoder
 * would: each field read with its type checked (wrong types reported once, here) and its source
 * span kept. Rules, hovers and the index read these models instead of YAML nodes.
 * Defaulting is not applied here: models say what the manifest wrote; rules apply defaults.
 */
import type { IngressBackend, IngressModel, IngressPath } from './gateway/request';
import type { Span } from './model';
import type { KubeObject } from './parse';
import {
  mapItems,
  readBool,
  readInt,
  readIntOrString,
  readMap,
  readSeq,
  readString,
  readStringList,
  readStringMap,
} from './rules/context';
import type { Read, RuleContext } from './rules/context';
import type { YAMLMap } from './yamlView';

export type StringPairs = Array<{ key: string; value: string; keySpan: Span; valueSpan: Span }>;
export type StringList = Array<{ index: number; value: string; span: Span }>;

export interface MetadataModel {
  readonly name?: Read<string>;
  readonly generateName?: Read<string>;
  readonly namespace?: Read<string>;
  readonly labels?: Read<StringPairs>;
  readonly annotations?: Read<StringPairs>;
  /** The controller among `ownerReferences` (the one with `controller: true`), as exported Pods carry it. */
  readonly owner?: { readonly kind: string; readonly name: string };
}

export interface ServicePortModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly port?: Read<number>;
  readonly targetPort?: Read<number | string>;
  readonly nodePort?: Read<number>;
  readonly protocol?: Read<string>;
  readonly appProtocol?: Read<string>;
}

export interface ServiceModel {
  readonly metadata: MetadataModel;
  /** The `spec` mapping's span, or the object's anchor when there is no spec. */
  readonly specSpan: Span;
  readonly type?: Read<string>;
  readonly ports?: Read<ServicePortModel[]>;
  readonly selector?: Read<StringPairs>;
  readonly clusterIP?: Read<string>;
  readonly clusterIPs?: Read<StringList>;
  readonly ipFamilies?: Read<StringList>;
  readonly ipFamilyPolicy?: Read<string>;
  readonly externalName?: Read<string>;
  readonly externalIPs?: Read<StringList>;
  readonly sessionAffinity?: Read<string>;
  readonly sessionAffinityConfig?: Read<YAMLMap>;
  readonly affinityTimeoutSeconds?: Read<number>;
  readonly loadBalancerIP?: Read<string>;
  readonly loadBalancerClass?: Read<string>;
  readonly loadBalancerSourceRanges?: Read<StringList>;
  readonly allocateLoadBalancerNodePorts?: Read<boolean>;
  readonly externalTrafficPolicy?: Read<string>;
  readonly internalTrafficPolicy?: Read<string>;
  readonly healthCheckNodePort?: Read<number>;
  readonly trafficDistribution?: Read<string>;
  readonly publishNotReadyAddresses?: Read<boolean>;
}

export interface ContainerPortModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly containerPort?: Read<number>;
  readonly hostPort?: Read<number>;
  readonly hostIP?: Read<string>;
  readonly protocol?: Read<string>;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerModel {
  readonly group: ContainerGroup;
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly name?: Read<string>;
  readonly restartPolicy?: Read<string>;
  readonly ports?: Read<ContainerPortModel[]>;
}

export interface PodSpecModel {
  readonly path: string;
  readonly hostNetwork?: Read<boolean>;
  readonly restartPolicy?: Read<string>;
  readonly containers: readonly ContainerModel[];
}

export interface PodTemplateModel {
  /** Path of the template (`spec.template`), or '' for a Pod itself. */
  readonly path: string;
  readonly span: Span;
  readonly metadataSpan?: Span;
  readonly labels?: Read<StringPairs>;
  readonly spec?: PodSpecModel;
}

export interface SelectorExpressionModel {
  readonly index: number;
  readonly path: string;
  readonly span: Span;
  readonly key?: Read<string>;
  readonly operator?: Read<string>;
  readonly values?: Read<StringList>;
}

/** A workload's spec.selector: a LabelSelector (apps/v1) or a plain map (ReplicationController). */
export interface WorkloadSelectorModel {
  readonly selector?: Read<YAMLMap>;
  readonly matchLabels?: Read<StringPairs>;
  readonly matchExpressions?: Read<SelectorExpressionModel[]>;
}

export function decodeMetadata(ctx: RuleContext, root: YAMLMap, prefix: string): MetadataModel {
  const metadata = readMap(ctx, root, 'metadata', `${prefix}metadata`);
  if (!metadata) return {};
  const map = metadata.value;
  const path = `${prefix}metadata`;
  const owners = readSeq(ctx, map, 'ownerReferences', `${path}.ownerReferences`);
  const controller = owners ? mapItems(ctx, owners.value, `${path}.ownerReferences`).find(({ map: owner }) => owner.get('controller') === true) : undefined;
  const ownerKind = controller ? readString(ctx, controller.map, 'kind', `${controller.path}.kind`)?.value : undefined;
  const ownerName = controller ? readString(ctx, controller.map, 'name', `${controller.path}.name`)?.value : undefined;
  return {
    ...(ownerKind && ownerName ? { owner: { kind: ownerKind, name: ownerName } } : {}),
    name: readString(ctx, map, 'name', `${path}.name`),
    generateName: readString(ctx, map, 'generateName', `${path}.generateName`),
    namespace: readString(ctx, map, 'namespace', `${path}.namespace`),
    labels: readStringMap(ctx, map, 'labels', `${path}.labels`),
    annotations: readStringMap(ctx, map, 'annotations', `${path}.annotations`),
  };
}

export function decodeService(ctx: RuleContext, metadata: MetadataModel): ServiceModel {
  const object = ctx.object;
  const spec = readMap(ctx, object.root, 'spec', 'spec');
  if (!spec) return { metadata, specSpan: object.anchorSpan };
  const map = spec.value;
  const affinityConfig = readMap(ctx, map, 'sessionAffinityConfig', 'spec.sessionAffinityConfig');
  const clientIP = affinityConfig && readMap(ctx, affinityConfig.value, 'clientIP', 'spec.sessionAffinityConfig.clientIP');
  const ports = readSeq(ctx, map, 'ports', 'spec.ports');
  return {
    metadata,
    specSpan: spec.span,
    type: readString(ctx, map, 'type', 'spec.type'),
    ports: ports && { ...ports, value: mapItems(ctx, ports.value, 'spec.ports').map((item) => decodeServicePort(ctx, item)) },
    selector: readStringMap(ctx, map, 'selector', 'spec.selector'),
    clusterIP: readString(ctx, map, 'clusterIP', 'spec.clusterIP'),
    clusterIPs: readStringList(ctx, map, 'clusterIPs', 'spec.clusterIPs'),
    ipFamilies: readStringList(ctx, map, 'ipFamilies', 'spec.ipFamilies'),
    ipFamilyPolicy: readString(ctx, map, 'ipFamilyPolicy', 'spec.ipFamilyPolicy'),
    externalName: readString(ctx, map, 'externalName', 'spec.externalName'),
    externalIPs: readStringList(ctx, map, 'externalIPs', 'spec.externalIPs'),
    sessionAffinity: readString(ctx, map, 'sessionAffinity', 'spec.sessionAffinity'),
    sessionAffinityConfig: affinityConfig,
    affinityTimeoutSeconds: clientIP && readInt(ctx, clientIP.value, 'timeoutSeconds', 'spec.sessionAffinityConfig.clientIP.timeoutSeconds'),
    loadBalancerIP: readString(ctx, map, 'loadBalancerIP', 'spec.loadBalancerIP'),
    loadBalancerClass: readString(ctx, map, 'loadBalancerClass', 'spec.loadBalancerClass'),
    loadBalancerSourceRanges: readStringList(ctx, map, 'loadBalancerSourceRanges', 'spec.loadBalancerSourceRanges'),
    allocateLoadBalancerNodePorts: readBool(ctx, map, 'allocateLoadBalancerNodePorts', 'spec.allocateLoadBalancerNodePorts'),
    externalTrafficPolicy: readString(ctx, map, 'externalTrafficPolicy', 'spec.externalTrafficPolicy'),
    internalTrafficPolicy: readString(ctx, map, 'internalTrafficPolicy', 'spec.internalTrafficPolicy'),
    healthCheckNodePort: readInt(ctx, map, 'healthCheckNodePort', 'spec.healthCheckNodePort'),
    trafficDistribution: readString(ctx, map, 'trafficDistribution', 'spec.trafficDistribution'),
    publishNotReadyAddresses: readBool(ctx, map, 'publishNotReadyAddresses', 'spec.publishNotReadyAddresses'),
  };
}

function decodeServicePort(ctx: RuleContext, item: { index: number; map: YAMLMap; path: string }): ServicePortModel {
  const { map, path } = item;
  return {
    index: item.index,
    path,
    span: ctx.view.span(map),
    name: readString(ctx, map, 'name', `${path}.name`),
    port: readInt(ctx, map, 'port', `${path}.port`),
    targetPort: readIntOrString(ctx, map, 'targetPort', `${path}.targetPort`),
    nodePort: readInt(ctx, map, 'nodePort', `${path}.nodePort`),
    protocol: readString(ctx, map, 'protocol', `${path}.protocol`),
    appProtocol: readString(ctx, map, 'appProtocol', `${path}.appProtocol`),
  };
}

/** Where a recognised workload keeps its pod template, or undefined for kinds without one. */
export function podTemplatePath(kind: KubeObject['recognized']): string | undefined {
  switch (kind) {
    case 'Pod':
      return '';
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
      return 'spec.template';
    case 'CronJob':
      return 'spec.jobTemplate.spec.template';
    default:
      return undefined;
  }
}

/** Decodes the pod template (or the Pod itself) of a recognised workload. */
export function decodePodTemplate(ctx: RuleContext, templatePath: string): PodTemplateModel | undefined {
  let map: YAMLMap = ctx.object.root;
  let span = ctx.object.span;
  let walked = '';
  for (const key of templatePath === '' ? [] : templatePath.split('.')) {
    walked = walked ? `${walked}.${key}` : key;
    const next = readMap(ctx, map, key, walked);
    if (!next) return undefined;
    map = next.value;
    span = next.span;
  }
  const prefix = templatePath === '' ? '' : `${templatePath}.`;
  const metadata = readMap(ctx, map, 'metadata', `${prefix}metadata`);
  const spec = readMap(ctx, map, 'spec', `${prefix}spec`);
  return {
    path: templatePath,
    span,
    metadataSpan: metadata?.span,
    labels: metadata && readStringMap(ctx, metadata.value, 'labels', `${prefix}metadata.labels`),
    spec: spec && decodePodSpec(ctx, spec.value, `${prefix}spec`),
  };
}

function decodePodSpec(ctx: RuleContext, map: YAMLMap, path: string): PodSpecModel {
  const containers: ContainerModel[] = [];
  for (const group of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const list = readSeq(ctx, map, group, `${path}.${group}`);
    if (!list) continue;
    for (const item of mapItems(ctx, list.value, `${path}.${group}`)) {
      const ports = readSeq(ctx, item.map, 'ports', `${item.path}.ports`);
      containers.push({
        group,
        index: item.index,
        path: item.path,
        span: ctx.view.span(item.map),
        name: readString(ctx, item.map, 'name', `${item.path}.name`),
        restartPolicy: readString(ctx, item.map, 'restartPolicy', `${item.path}.restartPolicy`),
        ports: ports && { ...ports, value: mapItems(ctx, ports.value, `${item.path}.ports`).map((port) => decodeContainerPort(ctx, port)) },
      });
    }
  }
  return {
    path,
    hostNetwork: readBool(ctx, map, 'hostNetwork', `${path}.hostNetwork`),
    restartPolicy: readString(ctx, map, 'restartPolicy', `${path}.restartPolicy`),
    containers,
  };
}

function decodeContainerPort(ctx: RuleContext, item: { index: number; map: YAMLMap; path: string }): ContainerPortModel {
  const { map, path } = item;
  return {
    index: item.index,
    path,
    span: ctx.view.span(map),
    name: readString(ctx, map, 'name', `${path}.name`),
    containerPort: readInt(ctx, map, 'containerPort', `${path}.containerPort`),
    hostPort: readInt(ctx, map, 'hostPort', `${path}.hostPort`),
    hostIP: readString(ctx, map, 'hostIP', `${path}.hostIP`),
    protocol: readString(ctx, map, 'protocol', `${path}.protocol`),
  };
}

/** Decodes spec.selector of a workload; `plainMap` for ReplicationController's map selector. */
export function decodeWorkloadSelector(ctx: RuleContext, plainMap: boolean): WorkloadSelectorModel {
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  if (!spec) return {};
  if (plainMap) {
    const selector = readStringMap(ctx, spec.value, 'selector', 'spec.selector');
    return { matchLabels: selector };
  }
  const selector = readMap(ctx, spec.value, 'selector', 'spec.selector');
  if (!selector) return {};
  return {
    selector,
    matchLabels: readStringMap(ctx, selector.value, 'matchLabels', 'spec.selector.matchLabels'),
    matchExpressions: readSelectorExpressions(ctx, selector.value, 'spec.selector'),
  };
}

/** A LabelSelector's matchExpressions, each part with its span (`path` is the selector's). */
export function readSelectorExpressions(ctx: RuleContext, selector: YAMLMap, path: string): Read<SelectorExpressionModel[]> | undefined {
  const expressions = readSeq(ctx, selector, 'matchExpressions', `${path}.matchExpressions`);
  return (
    expressions && {
      ...expressions,
      value: mapItems(ctx, expressions.value, `${path}.matchExpressions`).map(({ index, map, path: expressionPath }) => ({
        index,
        path: expressionPath,
        span: ctx.view.span(map),
        key: readString(ctx, map, 'key', `${expressionPath}.key`),
        operator: readString(ctx, map, 'operator', `${expressionPath}.operator`),
        values: readStringList(ctx, map, 'values', `${expressionPath}.values`),
      })),
    }
  );
}


/** Workload fields the workspace index needs beyond the pod template. */
export interface WorkloadModel {
  readonly replicas?: Read<number>;
  /** StatefulSet spec.serviceName: the headless Service that gives its Pods DNS names. */
  readonly serviceName?: Read<string>;
}

export function decodeWorkload(ctx: RuleContext): WorkloadModel {
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  if (!spec) return {};
  const kind = ctx.object.recognized;
  return {
    replicas: kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'ReplicationController' ? readInt(ctx, spec.value, 'replicas', 'spec.replicas') : undefined,
    serviceName: kind === 'StatefulSet' ? readString(ctx, spec.value, 'serviceName', 'spec.serviceName') : undefined,
  };
}

/** One backend of an Ingress: the default backend or one rule path. */
export interface IngressBackendModel {
  /** Field path of the `service` mapping, e.g. spec.rules[0].http.paths[1].backend.service. */
  readonly path: string;
  readonly span: Span;
  readonly host?: string;
  readonly httpPath?: string;
  readonly serviceName?: Read<string>;
  readonly portNumber?: Read<number>;
  readonly portName?: Read<string>;
}

export function decodeIngress(ctx: RuleContext): { backends: IngressBackendModel[]; routing: IngressModel } {
  const spec = readMap(ctx, ctx.object.root, 'spec', 'spec');
  const routing: { className?: string; defaultBackend?: IngressBackend; paths: IngressPath[] } = { paths: [] };
  // The class: spec.ingressClassName, or the annotation older controllers read.
  const metadata = readMap(ctx, ctx.object.root, 'metadata', 'metadata');
  const annotations = metadata ? readStringMap(ctx, metadata.value, 'annotations', 'metadata.annotations') : undefined;
  const annotated = annotations?.value.find((pair) => pair.key === 'kubernetes.io/ingress.class')?.value;
  if (!spec) return { backends: [], routing: { ...(annotated ? { className: annotated } : {}), paths: [] } };
  const className = readString(ctx, spec.value, 'ingressClassName', 'spec.ingressClassName')?.value ?? annotated;
  if (className) routing.className = className;
  const backends: IngressBackendModel[] = [];
  const readBackend = (backend: YAMLMap, path: string, host: string | undefined, httpPath: string | undefined, span: Span): IngressBackend => {
    const service = readMap(ctx, backend, 'service', `${path}.service`);
    if (!service) return { span };
    const servicePath = `${path}.service`;
    const port = readMap(ctx, service.value, 'port', `${servicePath}.port`);
    const model: IngressBackendModel = {
      path: servicePath,
      span: service.span,
      host,
      httpPath,
      serviceName: readString(ctx, service.value, 'name', `${servicePath}.name`),
      portNumber: port && readInt(ctx, port.value, 'number', `${servicePath}.port.number`),
      portName: port && readString(ctx, port.value, 'name', `${servicePath}.port.name`),
    };
    backends.push(model);
    return { span: service.span, ...(model.serviceName ? { serviceName: model.serviceName.value } : {}), ...(model.portNumber ? { portNumber: model.portNumber.value } : {}), ...(model.portName ? { portName: model.portName.value } : {}) };
  };
  const defaultBackend = readMap(ctx, spec.value, 'defaultBackend', 'spec.defaultBackend');
  if (defaultBackend) routing.defaultBackend = readBackend(defaultBackend.value, 'spec.defaultBackend', undefined, undefined, defaultBackend.span);
  const rules = readSeq(ctx, spec.value, 'rules', 'spec.rules');
  for (const rule of rules ? mapItems(ctx, rules.value, 'spec.rules') : []) {
    const host = readString(ctx, rule.map, 'host', `${rule.path}.host`)?.value;
    const http = readMap(ctx, rule.map, 'http', `${rule.path}.http`);
    const paths = http && readSeq(ctx, http.value, 'paths', `${rule.path}.http.paths`);
    for (const entry of paths ? mapItems(ctx, paths.value, `${rule.path}.http.paths`) : []) {
      const backend = readMap(ctx, entry.map, 'backend', `${entry.path}.backend`);
      const httpPath = readString(ctx, entry.map, 'path', `${entry.path}.path`)?.value;
      const pathType = readString(ctx, entry.map, 'pathType', `${entry.path}.pathType`)?.value;
      const span = ctx.view.span(entry.map);
      const target = backend ? readBackend(backend.value, `${entry.path}.backend`, host, httpPath, span) : { span };
      routing.paths.push({ ...target, span, rule: rule.index, index: entry.index, fieldPath: entry.path, ...(host ? { host } : {}), ...(httpPath !== undefined ? { path: httpPath } : {}), ...(pathType ? { pathType } : {}) });
    }
  }
  return { backends, routing };
}
