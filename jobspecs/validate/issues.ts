/**
 * ValidationIssue and the collector every validation rule writes to. Issues are located by the
 * JSON path of the canonical job (`Job.TaskGroups[0].Tasks[1].Resources.MemoryMB`) and their
 * message names the group/task in words (`group "web" task "redis": ...`).
 */

/** ValidationIssue is one semantic problem of a job. */
export interface ValidationIssue {
  /** JSON path in the job: `Job.TaskGroups[0].Count`. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** IssueSink collects issues under a path prefix and a human context. */
export class IssueSink {
  constructor(
    private readonly issues: ValidationIssue[],
    private readonly path: string,
    private readonly context: string,
  ) {}

  /** root starts a sink for a job. */
  static root(issues: ValidationIssue[]): IssueSink {
    return new IssueSink(issues, 'Job', '');
  }

  /** at descends into a field (`at('Resources')`) or list element (`at('Tasks', 1, 'task "web"')`). */
  at(key: string, index?: number, context?: string): IssueSink {
    const path = index === undefined ? `${this.path}.${key}` : `${this.path}.${key}[${index}]`;
    const ctx = context === undefined ? this.context : this.context === '' ? context : `${this.context} ${context}`;
    return new IssueSink(this.issues, path, ctx);
  }

  /** error records an error at this path, or at `field` under it. */
  error(message: string, field?: string): void {
    this.push('error', message, field);
  }

  /** warning records a warning (the job is still accepted). */
  warning(message: string, field?: string): void {
    this.push('warning', message, field);
  }

  private push(severity: ValidationIssue['severity'], message: string, field: string | undefined): void {
    const path = field === undefined ? this.path : `${this.path}.${field}`;
    this.issues.push({ path, message: this.context === '' ? message : `${this.context}: ${message}`, severity });
  }
}
