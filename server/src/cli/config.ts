/**
 * The project configuration for a CLI run: found from the first path up (or named with --config),
 * read and validated by the core, and merged under the options given on the command line.
 */
import * as path from 'node:path';
import { configCandidates, readProjectConfig } from '../core/config';
import type { ProjectConfig } from '../core/config';
import type { Finding } from '../core/model';
import { proxyOptionsFor } from '../core/proxy/service';
import { parseLegacyCidr } from '../core/ip';
import { firstExistingFile, isDirectory, readSource } from '../node/files';
import { canonicalCidr } from './args';
import type { CheckRequest, ReachRequest, RequestRequest, RouteRequest, RulesRequest } from './args';

type AnyRequest = CheckRequest | RouteRequest | ReachRequest | RulesRequest | RequestRequest;

export interface LoadedConfig {
  /** The file as the user named it or as found, and its folder (what its paths are relative to). */
  readonly file: string;
  readonly directory: string;
  readonly text: string;
  readonly config: ProjectConfig;
  readonly findings: readonly Finding[];
}

/** The configuration that applies to a request, or a message when a named one cannot be read. */
export function findProjectConfig(request: AnyRequest): LoadedConfig | { readonly problem: string } | undefined {
  if (request.config === null) return undefined;
  let file = request.config;
  if (file === undefined) {
    const first = request.paths.find((given) => given !== '-') ?? '.';
    const resolved = path.resolve(first);
    const start = isDirectory(resolved) ? resolved : path.dirname(resolved);
    const found = firstExistingFile(configCandidates(start.split(path.sep).join('/')));
    if (!found) return undefined;
    file = path.relative(process.cwd(), found) || found;
  }
  const source = readSource(file);
  if (!('text' in source)) return { problem: `cannot read the configuration ${file}: ${'message' in source ? source.message.replace('no such file or directory', 'no such file') : 'the file is too large'}` };
  const text = source.text;
  const read = readProjectConfig({ path: file, text });
  return { file, directory: path.dirname(path.resolve(file)), text, config: read.config, findings: read.findings };
}

/** The request with what the configuration sets and the command line does not. */
export function mergeConfig<T extends AnyRequest>(request: T, config: ProjectConfig): T {
  const unset = (option: string): boolean => !request.given.has(option);
  const merged: Record<string, unknown> = { ...request };
  if (config.nodePortRange && unset('--node-port-range')) merged.nodePortRange = config.nodePortRange;
  if (config.serviceCidrs && unset('--service-cidr')) merged.serviceCidrs = config.serviceCidrs;
  if (config.defaultNamespace && unset('--namespace')) merged.namespace = config.defaultNamespace;
  if (config.clusterDomain && unset('--cluster-domain')) merged.clusterDomain = config.clusterDomain;
  // Rules turned off in the configuration stay off; --disable turns off more.
  if (config.disabledRules) merged.disabled = new Set([...request.disabled, ...config.disabledRules]);
  if (config.failOn && unset('--fail-on') && request.command === 'check') merged.failOn = config.failOn;
  if (config.render?.enabled === false && unset('--no-render')) merged.render = false;
  if (config.render?.timeoutSeconds && unset('--render-timeout')) merged.renderTimeoutMs = config.render.timeoutSeconds * 1000;
  if (config.helm?.releaseName && unset('--release-name')) merged.releaseName = config.helm.releaseName;
  if (request.command === 'rules') {
    const base = { ...request.proxy };
    if (config.clusterCidrs && unset('--cluster-cidr')) base.clusterCidrs = config.clusterCidrs.map(canonicalCidr);
    if (config.podCidrs && unset('--pod-cidr')) {
      const podCidrs = { ...base.podCidrs };
      for (const cidr of config.podCidrs) podCidrs[parseLegacyCidr(cidr)!.family] = cidr;
      base.podCidrs = podCidrs;
    }
    merged.proxy = proxyOptionsFor({ serviceCidrs: merged.serviceCidrs as readonly string[], nodePortRange: merged.nodePortRange as { min: number; max: number } }, base);
  }
  return merged as T;
}
