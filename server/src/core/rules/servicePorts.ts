/**
 * spec.type and spec.ports of a Service: names, numbers, protocols, targetPort and nodePort, with
 * the API server's field paths (service-rules.md 3.2–3.4). It does not look at other objects:
 * whether a targetPort reaches a container is the workspace index's job.
 */
import type { ServiceModel, ServicePortModel } from '../decode';
import { dns1123LabelProblem, ianaServiceNameProblem, isValidPortNumber, qualifiedNameProblem } from '../names';
import type { RuleContext } from './context';
import { effectiveProtocol, effectiveType, isHeadless, protocols, serviceTypes } from './serviceShape';

export function checkServiceType(ctx: RuleContext, service: ServiceModel): void {
  const type = service.type;
  if (!type || type.value === '' || (serviceTypes as readonly string[]).includes(type.value)) return;
  const caseFix = serviceTypes.find((known) => known.toLowerCase() === type.value.toLowerCase());
  ctx.report({
    code: 'service/invalid-type',
    span: type.span,
    path: 'spec.type',
    message: `type "${type.value}" is not supported: use ${caseFix ? `"${caseFix}" (values are case-sensitive)` : 'ClusterIP, NodePort, LoadBalancer or ExternalName'}`,
    data: { value: type.value, replacement: caseFix ?? null },
  });
}

export function checkServicePorts(ctx: RuleContext, service: ServiceModel): void {
  const ports = service.ports?.value ?? [];
  const type = effectiveType(service);
  if (ports.length === 0) {
    if (!isHeadless(service) && type !== 'ExternalName') {
      ctx.report({
        code: 'service/ports-required',
        span: service.ports?.span ?? service.specSpan,
        path: 'spec.ports',
        message: 'spec.ports must list at least one port (only headless and ExternalName Services may have none)',
      });
    }
    return;
  }
  const seenNames = new Map<string, ServicePortModel>();
  const seenPorts = new Map<string, ServicePortModel>();
  for (const port of ports) {
    checkPortName(ctx, port, ports.length, seenNames);
    checkPortNumbers(ctx, port, seenPorts);
    checkNodePort(ctx, port, type);
  }
  if (type === 'NodePort' || type === 'LoadBalancer') checkNodePortSharing(ctx, ports);
}

function checkPortName(ctx: RuleContext, port: ServicePortModel, portCount: number, seen: Map<string, ServicePortModel>): void {
  const name = port.name?.value ?? '';
  if (name === '') {
    if (portCount > 1) {
      ctx.report({
        code: 'service/port-name-required',
        span: port.name?.span ?? port.span,
        path: `${port.path}.name`,
        message: 'every port of a Service with more than one port needs a name',
        data: { suggestedName: suggestPortName(port) },
      });
    }
    return;
  }
  const problem = dns1123LabelProblem(name);
  if (problem) {
    ctx.report({ code: 'service/invalid-port-name', span: port.name!.span, path: `${port.path}.name`, message: `port name "${name}" ${problem}` });
  }
  const earlier = seen.get(name);
  if (earlier) {
    ctx.report({ code: 'service/duplicate-port-name', span: port.name!.span, path: `${port.path}.name`, message: `port name "${name}" is already used by ${earlier.path}` });
  } else {
    seen.set(name, port);
  }
}

function suggestPortName(port: ServicePortModel): string {
  const protocol = (port.protocol?.value || 'TCP').toLowerCase();
  const number = port.port?.value;
  if (number === 80 || number === 8080) return 'http';
  if (number === 443 || number === 8443) return 'https';
  return number === undefined ? protocol : `${protocol}-${number}`;
}

function checkPortNumbers(ctx: RuleContext, port: ServicePortModel, seen: Map<string, ServicePortModel>): void {
  const number = port.port?.value;
  const portValid = number !== undefined && isValidPortNumber(number);
  if (!portValid) {
    ctx.report({
      code: 'service/port-out-of-range',
      span: port.port?.span ?? port.span,
      path: `${port.path}.port`,
      message: number === undefined || number === 0 ? 'port is required: a number between 1 and 65535' : `port ${number} must be between 1 and 65535, inclusive`,
    });
  }

  const protocol = port.protocol?.value;
  if (protocol && !(protocols as readonly string[]).includes(protocol)) {
    const upper = protocol.toUpperCase();
    ctx.report({
      code: 'service/invalid-protocol',
      span: port.protocol!.span,
      path: `${port.path}.protocol`,
      message: `protocol "${protocol}" is not supported: use TCP, UDP or SCTP${(protocols as readonly string[]).includes(upper) ? ' (values are case-sensitive)' : ''}`,
    });
  }

  if (portValid) {
    const key = `${effectiveProtocol(port)}/${number}`;
    const earlier = seen.get(key);
    if (earlier) {
      ctx.report({
        code: 'service/duplicate-port',
        span: port.port!.span,
        path: port.path,
        message: `port ${number}/${effectiveProtocol(port)} is already exposed by ${earlier.path}`,
      });
    } else {
      seen.set(key, port);
    }
  }

  checkTargetPort(ctx, port, portValid);

  const appProtocol = port.appProtocol?.value;
  if (appProtocol !== undefined && appProtocol !== '') {
    const problem = qualifiedNameProblem(appProtocol);
    if (problem) {
      ctx.report({ code: 'service/invalid-app-protocol', span: port.appProtocol!.span, path: `${port.path}.appProtocol`, message: `appProtocol "${appProtocol}" ${problem}` });
    }
  }
}

function checkTargetPort(ctx: RuleContext, port: ServicePortModel, portValid: boolean): void {
  const target = port.targetPort;
  const path = `${port.path}.targetPort`;
  if (target === undefined || target.value === 0 || target.value === '') {
    // Defaulting copies port into targetPort, so an invalid port is reported here a second time.
    if (!portValid) {
      ctx.report({
        code: 'service/target-port-out-of-range',
        span: target?.span ?? port.port?.span ?? port.span,
        path,
        message: 'targetPort defaults to port, which is not a valid port number',
        dependsOn: `${port.path}.port`,
      });
    }
    return;
  }
  if (typeof target.value === 'number') {
    if (!isValidPortNumber(target.value)) {
      ctx.report({ code: 'service/target-port-out-of-range', span: target.span, path, message: `targetPort ${target.value} must be between 1 and 65535, inclusive` });
    }
    return;
  }
  const problem = ianaServiceNameProblem(target.value);
  if (!problem) return;
  const numeric = /^\d+$/.test(target.value);
  ctx.report({
    code: 'service/invalid-target-port-name',
    span: target.span,
    path,
    message: numeric
      ? `targetPort "${target.value}" is quoted, so it is read as a port name, and a port name must contain a letter: write ${target.value} without quotes`
      : `targetPort "${target.value}" is not a valid port name: it ${problem}`,
    data: numeric ? { replacement: Number(target.value) } : undefined,
  });
}

function checkNodePort(ctx: RuleContext, port: ServicePortModel, type: string): void {
  const nodePort = port.nodePort;
  if (!nodePort || nodePort.value === 0) return;
  const path = `${port.path}.nodePort`;
  if (type === 'ClusterIP') {
    ctx.report({
      code: 'service/node-port-forbidden',
      span: nodePort.span,
      path,
      message: `nodePort ${nodePort.value} may not be set when type is ClusterIP: use type NodePort or LoadBalancer, or remove it`,
    });
    return;
  }
  if (type !== 'NodePort' && type !== 'LoadBalancer') return;
  const range = ctx.settings.nodePortRange;
  if (nodePort.value < range.min || nodePort.value > range.max) {
    ctx.report({
      code: 'service/node-port-out-of-range',
      span: nodePort.span,
      path,
      message: `nodePort ${nodePort.value} is outside the node port range ${range.min}-${range.max}`,
      data: { range: { min: range.min, max: range.max } },
    });
  }
}

/**
 * One Service may reuse a nodePort only across entries with the same `port` (53/TCP and 53/UDP);
 * the allocator refuses any other reuse, and validation refuses the same protocol twice.
 */
function checkNodePortSharing(ctx: RuleContext, ports: readonly ServicePortModel[]): void {
  const firstUse = new Map<number, ServicePortModel[]>();
  for (const port of ports) {
    const nodePort = port.nodePort?.value;
    if (!nodePort) continue;
    const earlier = firstUse.get(nodePort) ?? [];
    const otherPort = earlier.find((entry) => entry.port?.value !== port.port?.value);
    const sameProtocol = earlier.find((entry) => effectiveProtocol(entry) === effectiveProtocol(port));
    if (otherPort) {
      ctx.report({
        code: 'service/duplicate-node-port',
        span: port.nodePort!.span,
        path: `${port.path}.nodePort`,
        message: `nodePort ${nodePort} is already allocated to ${otherPort.path} (port ${otherPort.port?.value ?? '?'}); entries may share a nodePort only when their port is the same`,
      });
    } else if (sameProtocol) {
      ctx.report({
        code: 'service/duplicate-node-port',
        span: port.nodePort!.span,
        path: `${port.path}.nodePort`,
        message: `nodePort ${nodePort}/${effectiveProtocol(port)} is already used by ${sameProtocol.path}`,
      });
    }
    earlier.push(port);
    firstUse.set(nodePort, earlier);
  }
}
