/**
 * The standard function table: Nomad's HCL2 library (the Terraform-style cty stdlib plus
 * file, encoding, hashing, date, network and conversion functions). `try` and `can` are
 * special forms handled by the evaluator.
 */
import { collectionFunctions } from './collections.js';
import { conversionFunctions } from './conversion.js';
import { cryptoFunctions } from './crypto.js';
import { datetimeFunctions } from './datetime.js';
import { encodingFunctions } from './encoding.js';
import { filesystemFunctions } from './filesystem.js';
import { networkFunctions } from './network.js';
import { numericFunctions } from './numeric.js';
import type { FunctionEntries, FunctionTable } from './registry.js';
import { stringFunctions } from './strings.js';

const libraries: FunctionEntries[] = [
  numericFunctions,
  stringFunctions,
  collectionFunctions,
  encodingFunctions,
  cryptoFunctions,
  filesystemFunctions,
  datetimeFunctions,
  networkFunctions,
  conversionFunctions,
];

function buildTable(): FunctionTable {
  const table = new Map<string, FunctionEntries[string]>();
  for (const library of libraries) for (const [name, fn] of Object.entries(library)) table.set(name, fn);
  return table;
}

/** STANDARD_FUNCTIONS is the function table evaluateHcl uses. */
export const STANDARD_FUNCTIONS: FunctionTable = buildTable();
