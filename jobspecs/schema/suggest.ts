/**
 * "Did you mean" suggestions for misspelled field and block names, on top of the HCL layer's
 * nearest-name picker (one distance rule for the whole jobspec pipeline).
 */
import { suggestName } from '../hcl/suggest.js';

/** didYouMean formats `; did you mean "x"?` or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  if (name.length > 128) return '';
  const suggestion = suggestName(name, candidates);
  return suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
}
