/** JSONSchema7: the subset of JSON Schema draft-07 Drover's plugin schemas use (ajv-compatible). */
export interface JSONSchema7 {
  $id?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | Array<'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null'>;
  properties?: Record<string, JSONSchema7>;
  required?: string[];
  additionalProperties?: boolean | JSONSchema7;
  items?: JSONSchema7;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  oneOf?: JSONSchema7[];
  anyOf?: JSONSchema7[];
  [keyword: string]: unknown;
}
