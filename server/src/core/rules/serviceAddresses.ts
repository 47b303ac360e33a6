/**
 * The addresses of a Service: clusterIP(s), IP families, headless, ExternalName and externalIPs
 * (service-rules.md 3.7–3.10), including the allocator's cluster-dependent checks against the
 * configured service CIDRs. Warnings for non-canonical IPs come from 3.14.
 */
import type { ServiceModel, StringList } from '../decode';
import { cidrContains, externalIpProblem, parseLegacyCidr, parseLegacyIp } from '../ip';
import type { IpFamily, ParsedCidr } from '../ip';
import { dns1123SubdomainProblem } from '../names';
import type { RuleContext } from './context';
import { effectiveClusterIPs, effectiveType, hasSelector, isHeadless } from './serviceShape';

const ipFamilies = ['IPv4', 'IPv6'];
const ipFamilyPolicies = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];

export function checkExternalName(ctx: RuleContext, service: ServiceModel): void {
  const type = effectiveType(service);
  if (type !== 'ExternalName') {
    if (service.externalName && service.externalName.value !== '') {
      ctx.report({
        code: 'service/ignored-field',
        span: service.externalName.span,
        path: 'spec.externalName',
        message: `externalName is only used when type is ExternalName; this ${type} Service ignores it`,
      });
    }
    return;
  }
  const ipFields = [service.clusterIP && service.clusterIP.value !== '' ? service.clusterIP : undefined, service.clusterIPs?.value.length ? service.clusterIPs : undefined];
  const clusterIpField = ipFields.find((entry) => entry !== undefined);
  if (clusterIpField) {
    ctx.report({ code: 'service/external-name-forbidden-field', span: clusterIpField.span, path: 'spec.clusterIPs', message: 'clusterIP may not be set for ExternalName Services (not even None)' });
  }
  if (service.ipFamilies?.value.length) {
    ctx.report({ code: 'service/external-name-forbidden-field', span: service.ipFamilies.span, path: 'spec.ipFamilies', message: 'ipFamilies may not be set for ExternalName Services' });
  }
  if (service.ipFamilyPolicy && service.ipFamilyPolicy.value !== '') {
    ctx.report({ code: 'service/external-name-forbidden-field', span: service.ipFamilyPolicy.span, path: 'spec.ipFamilyPolicy', message: 'ipFamilyPolicy may not be set for ExternalName Services' });
  }
  if (service.externalIPs?.value.length) {
    ctx.report({ code: 'service/ignored-field', span: service.externalIPs.span, path: 'spec.externalIPs', message: 'externalIPs are ignored on an ExternalName Service: nothing in the cluster proxies it' });
  }
  const written = service.externalName?.value ?? '';
  const name = written.endsWith('.') ? written.slice(0, -1) : written;
  if (name === '') {
    ctx.report({
      code: 'service/external-name-required',
      span: service.externalName?.span ?? service.type?.span ?? service.specSpan,
      path: 'spec.externalName',
      message: 'an ExternalName Service needs spec.externalName, the DNS name clients are sent to',
    });
    return;
  }
  const problem = dns1123SubdomainProblem(name);
  if (problem) {
    ctx.report({ code: 'service/invalid-external-name', span: service.externalName!.span, path: 'spec.externalName', message: `externalName "${written}" is not a valid DNS name: it ${problem}` });
  }
}

export function checkClusterIPs(ctx: RuleContext, service: ServiceModel): void {
  const type = effectiveType(service);
  if (type === 'ExternalName') return;
  const clusterIP = service.clusterIP?.value ?? '';
  const plural = service.clusterIPs?.value ?? [];
  if (clusterIP !== '' && plural.length > 0 && plural[0].value !== clusterIP) {
    ctx.report({ code: 'service/cluster-ips-mismatch', span: plural[0].span, path: 'spec.clusterIPs', message: `clusterIPs[0] "${plural[0].value}" must match clusterIP "${clusterIP}"` });
  }
  if (clusterIP === '' && plural.length > 0) {
    ctx.report({ code: 'service/cluster-ips-mismatch', span: service.clusterIPs!.span, path: 'spec.clusterIPs', message: 'clusterIPs must be empty when clusterIP is not set: set clusterIP to the first value as well' });
  }

  const families = service.ipFamilies?.value ?? [];
  checkIpFamilyValues(ctx, families);
  const policy = service.ipFamilyPolicy?.value ?? '';
  if (policy !== '' && !ipFamilyPolicies.includes(policy)) {
    ctx.report({ code: 'service/invalid-ip-family-policy', span: service.ipFamilyPolicy!.span, path: 'spec.ipFamilyPolicy', message: `ipFamilyPolicy "${policy}" is not supported: use SingleStack, PreferDualStack or RequireDualStack` });
  }

  const ips = effectiveClusterIPs(service);
  const headless = isHeadless(service);
  const parsed = checkClusterIpValues(ctx, ips, families, headless);
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    ctx.report({
      code: 'service/headless-not-allowed',
      span: ips[0].span,
      path: 'spec.clusterIPs[0]',
      message: `clusterIP may not be None for ${type} Services: a headless Service has no cluster IP to forward node ports to`,
      data: { type },
    });
  }
  if (parsed) checkAgainstCluster(ctx, service, parsed, headless);
}

function checkIpFamilyValues(ctx: RuleContext, families: StringList): void {
  const seen = new Set<string>();
  for (const family of families) {
    const path = `spec.ipFamilies[${family.index}]`;
    if (!ipFamilies.includes(family.value)) {
      ctx.report({ code: 'service/invalid-ip-family', span: family.span, path, message: `ipFamily "${family.value}" is not supported: use IPv4 or IPv6` });
    } else if (seen.has(family.value)) {
      ctx.report({ code: 'service/invalid-ip-family', span: family.span, path, message: `ipFamily ${family.value} is listed twice` });
    }
    seen.add(family.value);
  }
}

interface ParsedClusterIp {
  readonly index: number;
  readonly family: IpFamily;
  readonly ip: NonNullable<ReturnType<typeof parseLegacyIp>>;
  readonly span: { start: number; end: number };
  readonly text: string;
}

/** Checks the cluster IP values; returns the parsed IPs when all are valid, else undefined. */
function checkClusterIpValues(ctx: RuleContext, ips: StringList, families: StringList, headless: boolean): ParsedClusterIp[] | undefined {
  let valid = true;
  if (ips.length > 2) {
    ctx.report({ code: 'service/invalid-cluster-ip', span: ips[2].span, path: 'spec.clusterIPs', message: `clusterIPs may hold at most 2 values (one per IP family), not ${ips.length}` });
    valid = false;
  }
  const parsed: ParsedClusterIp[] = [];
  for (const entry of ips) {
    const path = `spec.clusterIPs[${entry.index}]`;
    if (entry.value === 'None') {
      if (ips.length > 1) {
        ctx.report({ code: 'service/invalid-cluster-ip', span: entry.span, path: 'spec.clusterIPs', message: 'None must be the only value of clusterIPs (a headless Service has no other cluster IP)' });
        valid = false;
      }
      continue;
    }
    const ip = parseLegacyIp(entry.value);
    if (!ip) {
      ctx.report({ code: 'service/invalid-cluster-ip', span: entry.span, path, message: `clusterIP "${entry.value}" must be a valid IP address or None` });
      valid = false;
      continue;
    }
    if (!ip.canonical) {
      ctx.report({ code: 'service/non-canonical-ip', span: entry.span, path, message: `clusterIP "${entry.value}" is not in canonical form; write ${ip.address.toString()}` });
    }
    parsed.push({ index: entry.index, family: ip.family, ip, span: entry.span, text: entry.value });
  }
  if (parsed.length === 2 && parsed[0].family === parsed[1].family) {
    ctx.report({ code: 'service/invalid-cluster-ip', span: parsed[1].span, path: 'spec.clusterIPs', message: `clusterIPs may hold one IP per family, but both are ${parsed[0].family}` });
    valid = false;
  }
  if (!headless) {
    for (const ip of parsed) {
      const family = families.find((entry) => entry.index === ip.index)?.value;
      if ((family === 'IPv4' || family === 'IPv6') && family !== ip.family) {
        ctx.report({ code: 'service/invalid-cluster-ip', span: ip.span, path: `spec.clusterIPs[${ip.index}]`, message: `clusterIP "${ip.text}" is ${ip.family} but ipFamilies[${ip.index}] is ${family}` });
        valid = false;
      }
    }
  }
  return valid ? parsed : undefined;
}

/**
 * The allocator's checks, which depend on how the cluster is configured. Without configured
 * service CIDRs nothing is known about the cluster's IP families (dual-stack and IPv6 clusters
 * accept what the syntax allows), so only the rules of validation itself apply; with them, the
 * missing family is reported once, saying where the CIDRs were configured.
 */
function checkAgainstCluster(ctx: RuleContext, service: ServiceModel, ips: readonly ParsedClusterIp[], headless: boolean): void {
  const families = service.ipFamilies?.value ?? [];
  const selectorlessHeadless = headless && !hasSelector(service);
  const policy = service.ipFamilyPolicy?.value || (selectorlessHeadless ? 'RequireDualStack' : 'SingleStack');
  const familyCount = Math.max(ips.length, families.length);
  if (policy === 'SingleStack' && familyCount === 2) {
    ctx.report({
      code: 'service/ip-family-policy-mismatch',
      span: service.ipFamilyPolicy?.span ?? (families.length === 2 ? service.ipFamilies!.span : ips[1].span),
      path: 'spec.ipFamilyPolicy',
      message: `ipFamilyPolicy ${service.ipFamilyPolicy?.value ? 'SingleStack' : 'defaults to SingleStack and'} does not allow two IP families: set PreferDualStack or RequireDualStack`,
    });
    return;
  }
  const cidrs = ctx.settings.serviceCidrs.map((text) => parseLegacyCidr(text)).filter((cidr): cidr is ParsedCidr => cidr !== undefined);
  if (cidrs.length === 0) return;
  const clusterFamilies = new Set<IpFamily>(cidrs.map((cidr) => cidr.family));
  const configured = `service CIDRs ${ctx.settings.serviceCidrs.join(', ')}${ctx.settings.serviceCidrsOrigin ? `, set by ${ctx.settings.serviceCidrsOrigin}` : ''}`;
  if (policy === 'RequireDualStack' && clusterFamilies.size < 2 && !selectorlessHeadless && service.ipFamilyPolicy) {
    // The one fact: the cluster lacks a family. The families and IPs that ask for it say the same.
    ctx.report({
      code: 'service/ip-family-not-configured',
      span: service.ipFamilyPolicy.span,
      path: 'spec.ipFamilyPolicy',
      message: `ipFamilyPolicy RequireDualStack needs a dual-stack cluster, but this cluster is ${[...clusterFamilies][0]} only (${configured})`,
    });
  } else if (!selectorlessHeadless) {
    const reported = new Set<IpFamily>();
    for (const family of families) {
      // PreferDualStack may ask for a second family the cluster lacks: it simply gets one IP.
      const optional = policy === 'PreferDualStack' && family.index > 0;
      if ((family.value === 'IPv4' || family.value === 'IPv6') && !clusterFamilies.has(family.value) && !optional && !reported.has(family.value)) {
        reported.add(family.value);
        ctx.report({ code: 'service/ip-family-not-configured', span: family.span, path: `spec.ipFamilies[${family.index}]`, message: `${family.value} is not configured on this cluster (${configured})` });
      }
    }
    for (const ip of ips) {
      const requested = families.find((entry) => entry.index === ip.index);
      if (!requested && !clusterFamilies.has(ip.family) && !reported.has(ip.family)) {
        reported.add(ip.family);
        ctx.report({ code: 'service/ip-family-not-configured', span: ip.span, path: `spec.clusterIPs[${ip.index}]`, message: `clusterIP "${ip.text}" is ${ip.family}, which is not configured on this cluster (${configured})` });
      }
    }
  }
  for (const ip of ips) {
    const sameFamily = cidrs.filter((cidr) => cidr.family === ip.family);
    if (sameFamily.length > 0 && !sameFamily.some((cidr) => cidrContains(cidr, ip.ip))) {
      ctx.report({
        code: 'service/cluster-ip-outside-cidr',
        span: ip.span,
        path: 'spec.clusterIPs',
        message: `clusterIP ${ip.text} is outside the service CIDR ${ctx.settings.serviceCidrs.filter((text) => parseLegacyCidr(text)?.family === ip.family).join(', ')}`,
      });
    }
  }
}

export function checkExternalIPs(ctx: RuleContext, service: ServiceModel): void {
  for (const entry of service.externalIPs?.value ?? []) {
    const path = `spec.externalIPs[${entry.index}]`;
    const ip = parseLegacyIp(entry.value);
    if (!ip) {
      ctx.report({ code: 'service/invalid-external-ip', span: entry.span, path, message: `externalIP "${entry.value}" must be an IP address` });
      continue;
    }
    const problem = externalIpProblem(ip);
    if (problem) {
      ctx.report({ code: 'service/invalid-external-ip', span: entry.span, path, message: `externalIP ${entry.value} ${problem}, which may not be used as an external IP` });
    } else if (!ip.canonical) {
      ctx.report({ code: 'service/non-canonical-ip', span: entry.span, path, message: `externalIP "${entry.value}" is not in canonical form; write ${ip.address.toString()}` });
    }
  }
  const lbIp = service.loadBalancerIP;
  if (lbIp && lbIp.value !== '') {
    const ip = parseLegacyIp(lbIp.value);
    if (ip && !ip.canonical) {
      ctx.report({ code: 'service/non-canonical-ip', span: lbIp.span, path: 'spec.loadBalancerIP', message: `loadBalancerIP "${lbIp.value}" is not in canonical form; write ${ip.address.toString()}` });
    }
  }
}
