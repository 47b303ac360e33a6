/**
 * The name formats the Kubernetes API server validates (apimachinery's primitives), as
 * predicates that return the reason a value fails, or undefined when it is valid.
 * Messages say what is allowed so rules can pass them on unchanged.
 */

const dns1123LabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1035LabelPattern = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePartPattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ianaServiceNamePattern = /^[-a-z0-9]+$/;

/** Service names: lowercase letters, digits and '-', starting with a letter, at most 63. */
export function dns1035LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) return `must be no more than 63 characters (has ${value.length})`;
  if (!dns1035LabelPattern.test(value)) {
    return 'must consist of lowercase letters, digits and \'-\', start with a letter and end with a letter or digit';
  }
  return undefined;
}

/** Port names, namespaces, container names: like DNS-1035 but may start with a digit. */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 63) return `must be no more than 63 characters (has ${value.length})`;
  if (!dns1123LabelPattern.test(value)) {
    return 'must consist of lowercase letters, digits and \'-\', and start and end with a letter or digit';
  }
  return undefined;
}

/** Most object names and externalName: DNS-1123 labels joined by dots, at most 253. */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 253) return `must be no more than 253 characters (has ${value.length})`;
  if (!value.split('.').every((label) => dns1123LabelPattern.test(label))) {
    return 'must be lowercase letters, digits, \'-\' and \'.\', with each dot-separated part starting and ending with a letter or digit';
  }
  return undefined;
}

/** Container port names and named targetPorts (IANA_SVC_NAME). */
export function ianaServiceNameProblem(value: string): string | undefined {
  if (value.length === 0) return 'must not be empty';
  if (value.length > 15) return `must be no more than 15 characters (has ${value.length})`;
  if (!ianaServiceNamePattern.test(value)) return 'must contain only lowercase letters, digits and \'-\'';
  if (value.includes('--')) return 'must not contain \'--\'';
  if (value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with \'-\'';
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  return undefined;
}

/** Label and annotation keys, appProtocol, loadBalancerClass: `[prefix/]name`. */
export function qualifiedNameProblem(value: string): string | undefined {
  const parts = value.split('/');
  let name = value;
  if (parts.length > 2) return 'must have at most one \'/\' (between an optional DNS subdomain prefix and the name)';
  if (parts.length === 2) {
    const [prefix, rest] = parts;
    if (prefix.length === 0) return 'must not have an empty prefix before \'/\'';
    const prefixProblem = dns1123SubdomainProblem(prefix);
    if (prefixProblem) return `has a prefix "${prefix}" that ${prefixProblem}`;
    name = rest;
  }
  if (name.length === 0) return 'must have a name after the prefix';
  if (name.length > 63) return `must have a name part of at most 63 characters (has ${name.length})`;
  if (!qualifiedNamePartPattern.test(name)) {
    return 'must consist of letters, digits, \'-\', \'_\' or \'.\' (after an optional prefix and \'/\'), and start and end with a letter or digit';
  }
  return undefined;
}

/** Label values and selector values: empty, or up to 63 of the name characters. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `must be no more than 63 characters (has ${value.length})`;
  if (!labelValuePattern.test(value)) {
    return 'must be empty or consist of letters, digits, \'-\', \'_\' or \'.\', and start and end with a letter or digit';
  }
  return undefined;
}

/** The API server's port number rule. */
export function isValidPortNumber(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}
