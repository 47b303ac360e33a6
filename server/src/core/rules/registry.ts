/**
 * The one table of single-object rules. Each recognised object is decoded once and handed to
 * the rules listed for its kind, in this order. Rules never throw and never read files.
 */
import { decodeIngress, decodeMetadata, decodePodTemplate, decodeService, decodeWorkload, decodeWorkloadSelector, podTemplatePath } from '../decode';
import type { IngressBackendModel, MetadataModel, PodTemplateModel, ServiceModel, WorkloadModel } from '../decode';
import { decodeNetworkPolicy } from '../policy/model';
import type { IngressModel } from '../gateway/request';
import { adminPolicyKinds, checkAdminPolicy, decodeAdminPolicy } from '../policy/admin';
import type { AdminPolicyModel } from '../policy/admin';
import { checkNetworkPolicy } from '../policy/validate';
import type { NetworkPolicyModel } from '../policy/model';
import type { RuleContext } from './context';
import { decodeGatewayObject } from '../gateway/model';
import type { GatewayDecoded } from '../gateway/model';
import { checkGatewayObject, isGatewayKind } from '../gateway/single';
import { checkContainerPorts } from './containerPorts';
import { checkMetadata } from './metadata';
import { checkClusterIPs, checkExternalIPs, checkExternalName } from './serviceAddresses';
import { checkServicePorts, checkServiceType } from './servicePorts';
import { checkHeadlessIgnoredFields, checkLoadBalancerFields, checkServiceSelector, checkSessionAffinity, checkTopologyAnnotations, checkTrafficPolicies } from './serviceTraffic';
import { checkRestartPolicy, checkTemplateLabels, checkWorkloadSelector } from './workloads';

const serviceRules: ReadonlyArray<(ctx: RuleContext, service: ServiceModel) => void> = [
  checkServiceType,
  checkServicePorts,
  checkServiceSelector,
  checkClusterIPs,
  checkExternalName,
  checkExternalIPs,
  checkSessionAffinity,
  checkLoadBalancerFields,
  checkTrafficPolicies,
  checkHeadlessIgnoredFields,
  checkTopologyAnnotations,
];

const templateRules: ReadonlyArray<(ctx: RuleContext, template: PodTemplateModel) => void> = [checkContainerPorts];

const selectorKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController']);

/** What decoding one object produced, for rules now and for the index later. */
export interface DecodedObject {
  readonly metadata: MetadataModel;
  readonly service?: ServiceModel;
  readonly template?: PodTemplateModel;
  readonly workload?: WorkloadModel;
  readonly ingressBackends?: readonly IngressBackendModel[];
  /** An Ingress as the request engine reads it: class, hosts, paths and path types. */
  readonly ingress?: IngressModel;
  readonly networkPolicy?: NetworkPolicyModel;
  readonly adminPolicy?: AdminPolicyModel;
  readonly gateway?: GatewayDecoded;
}

/** Decodes a recognised object and runs every single-object rule on it. */
export function checkObject(ctx: RuleContext): DecodedObject {
  const kind = ctx.object.recognized;
  const metadata = decodeMetadata(ctx, ctx.object.root, '');
  checkMetadata(ctx, metadata);
  if (kind === 'Service') {
    const service = decodeService(ctx, metadata);
    for (const rule of serviceRules) rule(ctx, service);
    return { metadata, service };
  }
  if (kind === 'Ingress') {
    const { backends, routing } = decodeIngress(ctx);
    return { metadata, ingressBackends: backends, ingress: routing };
  }
  if (kind && adminPolicyKinds.has(kind)) {
    const adminPolicy = decodeAdminPolicy(ctx, kind);
    checkAdminPolicy(ctx, adminPolicy);
    return { metadata, adminPolicy };
  }
  if (kind === 'NetworkPolicy') {
    const networkPolicy = decodeNetworkPolicy(ctx);
    checkNetworkPolicy(ctx, networkPolicy);
    return { metadata, networkPolicy };
  }
  if (kind && isGatewayKind(kind)) {
    const gateway = decodeGatewayObject(ctx, kind);
    checkGatewayObject(ctx, gateway);
    return { metadata, gateway };
  }
  const templatePath = podTemplatePath(kind);
  if (templatePath === undefined) return { metadata };
  const template = decodePodTemplate(ctx, templatePath);
  if (template) for (const rule of templateRules) rule(ctx, template);
  if (kind && selectorKinds.has(kind)) {
    const selector = decodeWorkloadSelector(ctx, kind === 'ReplicationController');
    checkWorkloadSelector(ctx, selector, template);
    checkTemplateLabels(ctx, template);
    checkRestartPolicy(ctx, template);
  }
  return { metadata, template, workload: decodeWorkload(ctx) };
}
