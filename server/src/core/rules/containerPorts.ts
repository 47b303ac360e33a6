/**
 * Container ports of a Pod or of a workload's pod template (service-rules.md 4): names,
 * numbers, protocols, host ports and hostNetwork. It does not relate ports to Services.
 */
import type { ContainerModel, ContainerPortModel, PodTemplateModel } from '../decode';
import { ianaServiceNameProblem, isValidPortNumber } from '../names';
import type { Report, RuleContext } from './context';
import { protocols } from './serviceShape';

export function checkContainerPorts(ctx: RuleContext, template: PodTemplateModel): void {
  const spec = template.spec;
  if (!spec) return;
  // The API server does not validate a StatefulSet's pod template on create; its Pods are refused later.
  const report = ctx.object.recognized === 'StatefulSet'
    ? (finding: Report) => ctx.report({ ...finding, severity: 'warning', message: `${finding.message} (the StatefulSet is accepted, but its Pods will be refused)` })
    : (finding: Report) => ctx.report(finding);
  const hostNetwork = spec.hostNetwork?.value === true;
  const regularHostPorts = new Map<string, string>();
  for (const container of spec.containers) {
    const ports = container.ports?.value ?? [];
    if (container.group === 'ephemeralContainers') {
      if (ports.length > 0) {
        report({ code: 'container/ephemeral-ports', span: container.ports!.keySpan, path: `${container.path}.ports`, message: 'ephemeral containers may not declare ports' });
      }
      continue;
    }
    const hostPorts = container.group === 'containers' ? regularHostPorts : new Map<string, string>();
    const names = new Map<string, string>();
    for (const port of ports) {
      checkPort(report, port, names);
      checkHostPort(report, container, port, hostPorts, hostNetwork);
    }
  }
}

function checkPort(report: (finding: Report) => void, port: ContainerPortModel, names: Map<string, string>): void {
  const name = port.name?.value ?? '';
  if (name !== '') {
    const problem = ianaServiceNameProblem(name);
    if (problem) report({ code: 'container/invalid-port-name', span: port.name!.span, path: `${port.path}.name`, message: `container port name "${name}" ${problem}` });
    const earlier = names.get(name);
    if (earlier) report({ code: 'container/duplicate-port-name', span: port.name!.span, path: `${port.path}.name`, message: `port name "${name}" is already used by ${earlier} in the same container` });
    else names.set(name, port.path);
  }
  const number = port.containerPort?.value;
  if (number === undefined || number === 0) {
    report({ code: 'container/port-required', span: port.containerPort?.span ?? port.span, path: `${port.path}.containerPort`, message: 'containerPort is required: the port number the container listens on (1-65535)' });
  } else if (!isValidPortNumber(number)) {
    report({ code: 'container/port-out-of-range', span: port.containerPort!.span, path: `${port.path}.containerPort`, message: `containerPort ${number} must be between 1 and 65535, inclusive` });
  }
  const hostPort = port.hostPort?.value ?? 0;
  if (hostPort !== 0 && !isValidPortNumber(hostPort)) {
    report({ code: 'container/port-out-of-range', span: port.hostPort!.span, path: `${port.path}.hostPort`, message: `hostPort ${hostPort} must be between 1 and 65535, inclusive` });
  }
  const protocol = port.protocol?.value ?? '';
  if (protocol !== '' && !(protocols as readonly string[]).includes(protocol)) {
    report({ code: 'container/invalid-protocol', span: port.protocol!.span, path: `${port.path}.protocol`, message: `protocol "${protocol}" is not supported: use TCP, UDP or SCTP` });
  }
}

function checkHostPort(report: (finding: Report) => void, container: ContainerModel, port: ContainerPortModel, used: Map<string, string>, hostNetwork: boolean): void {
  const hostPort = port.hostPort?.value ?? 0;
  if (hostPort === 0) return;
  const path = `${port.path}.hostPort`;
  const protocol = port.protocol?.value || 'TCP';
  const key = `${protocol}/${port.hostIP?.value ?? ''}/${hostPort}`;
  const earlier = used.get(key);
  if (earlier) {
    report({ code: 'container/duplicate-host-port', span: port.hostPort!.span, path, message: `hostPort ${hostPort}/${protocol} is already used by ${earlier}` });
  } else {
    used.set(key, port.path);
  }
  const containerPort = port.containerPort?.value;
  if (hostNetwork && containerPort !== undefined && hostPort !== containerPort && container.group === 'containers') {
    report({ code: 'container/host-port-mismatch', span: port.hostPort!.span, path, message: `hostPort ${hostPort} must match containerPort ${containerPort} when hostNetwork is true` });
  }
}
