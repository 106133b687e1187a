/**
 * DriverCheck: every task's driver must be detected and healthy on the node. Nodes that report
 * drivers only as attributes (`driver.exec = 1`, older fingerprints) are accepted when the
 * attribute parses as true.
 */
import type { Node } from '../../../api/structs/index.js';
import type { FeasibilityCheck } from './contracts.js';
import { FEASIBLE, FilterReason, filtered } from './contracts.js';

const TRUE_VALUES = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

/** nodeHasDriver: the node can run tasks of `driver`. */
export function nodeHasDriver(node: Node, driver: string): boolean {
  const info = node.Drivers[driver];
  if (info !== undefined) return info.Detected && info.Healthy;
  const attr = node.Attributes[`driver.${driver}`];
  return attr !== undefined && TRUE_VALUES.has(attr);
}

/** driverCheck rejects nodes missing any driver of the group's tasks. */
export const driverCheck: FeasibilityCheck<readonly string[]> = {
  name: 'driver',
  prepare: (tg) => {
    const drivers = [...new Set(tg.Tasks.map((t) => t.Driver))];
    return drivers.length === 0 ? undefined : drivers;
  },
  scope: () => 'class',
  check: (node, drivers) => {
    for (const d of drivers) if (!nodeHasDriver(node, d)) return filtered(FilterReason.missingDrivers);
    return FEASIBLE;
  },
};
