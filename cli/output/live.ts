/**
 * LiveBlock: a block of lines redrawn in place on a terminal (Nomad's glint/uilive monitor),
 * with permanent log lines printed above it. Off a terminal (or with CI set) it never writes
 * an escape code: log lines are printed as they come and the block is not drawn at all.
 */

/** liveOutput: stdout is a terminal and we are not in CI (CI=true disables the redraw). */
export function liveOutput(stream: NodeJS.WriteStream = process.stdout): boolean {
  const ci = process.env.CI;
  if (ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0') return false;
  return stream.isTTY === true;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** LiveBlock draws a redrawable block below permanent lines. */
export class LiveBlock {
  private drawn = 0;
  private lines: string[] = [];
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly live: boolean;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout, live = liveOutput(out)) {
    this.live = live;
    if (this.live) {
      this.timer = setInterval(() => this.redraw(), 250);
      this.timer.unref();
    }
  }

  /** log prints a permanent line (above the block on a terminal). */
  log(line: string): void {
    if (!this.live) { this.out.write(`${line}\n`); return; }
    this.erase();
    this.out.write(`${line}\n`);
    this.paint();
  }

  /** update replaces the block's content; the first line gets a spinner on a terminal. */
  update(lines: readonly string[]): void {
    this.lines = [...lines];
    if (this.live) this.redraw();
  }

  /** finish stops the spinner and leaves `final` (or the last block without a spinner) on screen. */
  finish(final?: readonly string[]): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.live) return;
    this.erase();
    const keep = final ?? this.lines;
    if (keep.length) this.out.write(`${keep.join('\n')}\n`);
    this.lines = [];
  }

  private redraw(): void {
    this.frame = (this.frame + 1) % SPINNER.length;
    this.erase();
    this.paint();
  }

  private erase(): void {
    // cursor to the first line of the block, then clear to the end of the screen
    if (this.drawn > 0) this.out.write(`\u001b[${this.drawn}F\u001b[J`);
    this.drawn = 0;
  }

  private paint(): void {
    if (this.lines.length === 0) return;
    const [head, ...rest] = this.lines;
    const cols = this.out.columns > 0 ? this.out.columns - 1 : 200;
    const text = [`  ${SPINNER[this.frame]} ${head ?? ''}`, ...rest].map((l) => (l.length > cols ? l.slice(0, cols) : l));
    this.out.write(`${text.join('\n')}\n`);
    this.drawn = text.length;
  }
}
