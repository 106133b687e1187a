/**
 * IP network functions: cidrhost, cidrnetmask, cidrsubnet, cidrsubnets, for IPv4 and IPv6
 * (addresses as BigInt; IPv6 printed in RFC 5952 form).
 */
import { FunctionArgumentError } from '../errors.js';
import type { FunctionEntries } from './registry.js';
import { T, fn, param } from './registry.js';

/** Network is an address prefix. */
interface Network {
  address: bigint;
  prefixLength: number;
  bits: 32 | 128;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIPv6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailV4 = parseIPv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  const missing = 8 - left.length - right.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...left, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => '0'), ...right];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  let value = all.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

function parseNetwork(text: string): Network {
  const slash = text.indexOf('/');
  if (slash < 0) throw new FunctionArgumentError(`"${text}" is not a CIDR prefix (e.g. 10.0.0.0/8)`, 0);
  const ipText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const v4 = parseIPv4(ipText);
  const address = v4 ?? parseIPv6(ipText);
  const bits = v4 === undefined ? 128 : 32;
  if (address === undefined || !/^\d{1,3}$/.test(lengthText) || Number(lengthText) > bits) {
    throw new FunctionArgumentError(`"${text}" is not a valid CIDR prefix`, 0);
  }
  return { address, prefixLength: Number(lengthText), bits };
}

function mask(bits: number, prefixLength: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefixLength)) - 1n);
}

function formatAddress(address: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 0xffn)).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt(112 - i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function wholeNumber(value: number, what: string, argIndex: number): bigint {
  if (!Number.isSafeInteger(value)) throw new FunctionArgumentError(`${what} must be a whole number`, argIndex);
  return BigInt(value);
}

function subnet(network: Network, newBits: number, netNum: bigint, argIndex: number): Network {
  const prefixLength = network.prefixLength + newBits;
  if (!Number.isInteger(newBits) || newBits < 0 || prefixLength > network.bits) {
    throw new FunctionArgumentError(`cannot extend a /${network.prefixLength} prefix by ${newBits} bits`, argIndex);
  }
  if (netNum < 0n || netNum >= 1n << BigInt(newBits)) throw new FunctionArgumentError(`network number ${netNum} does not fit in ${newBits} bits`, argIndex + 1);
  const base = network.address & mask(network.bits, network.prefixLength);
  return { address: base | (netNum << BigInt(network.bits - prefixLength)), prefixLength, bits: network.bits };
}

/** networkFunctions are the CIDR functions. */
export const networkFunctions: FunctionEntries = {
  cidrhost: fn([param('prefix', T.string), param('hostnum', T.number)], ([p, h]) => {
    const network = parseNetwork(p as string);
    const hostBits = BigInt(network.bits - network.prefixLength);
    const size = 1n << hostBits;
    let host = wholeNumber(h as number, 'hostnum', 1);
    if (host < 0n) host += size;
    if (host < 0n || host >= size) throw new FunctionArgumentError(`host number ${String(h)} does not fit in the /${network.prefixLength} prefix`, 1);
    return formatAddress((network.address & mask(network.bits, network.prefixLength)) | host, network.bits);
  }),
  cidrnetmask: fn([param('prefix', T.string)], ([p]) => {
    const network = parseNetwork(p as string);
    if (network.bits !== 32) throw new FunctionArgumentError('cidrnetmask only supports IPv4 prefixes', 0);
    return formatAddress(mask(32, network.prefixLength), 32);
  }),
  cidrsubnet: fn([param('prefix', T.string), param('newbits', T.number), param('netnum', T.number)], ([p, b, n]) => {
    const network = parseNetwork(p as string);
    const result = subnet(network, b as number, wholeNumber(n as number, 'netnum', 2), 1);
    return `${formatAddress(result.address, result.bits)}/${result.prefixLength}`;
  }),
  cidrsubnets: fn([param('prefix', T.string)], ([p, ...newBits]) => {
    const network = parseNetwork(p as string);
    const base = network.address & mask(network.bits, network.prefixLength);
    const end = base + (1n << BigInt(network.bits - network.prefixLength));
    let next = base;
    return newBits.map((value, i) => {
      const bits = value as number;
      const result = subnet(network, bits, 0n, i + 1);
      const block = 1n << BigInt(network.bits - result.prefixLength);
      const start = ((next + block - 1n) / block) * block;
      if (start + block > end) throw new FunctionArgumentError(`not enough remaining address space for a subnet with ${bits} new bits`, i + 1);
      next = start + block;
      return `${formatAddress(start, network.bits)}/${result.prefixLength}`;
    });
  }, param('newbits', T.number)),
};
