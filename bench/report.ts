// Benchmark output as CONTRACT.md fixes it: tables first, then `ratio NAME VALUE` lines last;
// and each run appended to docs/benchmarks.md with its date, commit, machine and layout.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Ratio {
  readonly name: string;
  readonly value: number;
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const memoryGiB = Math.round(totalmem() / 2 ** 30);
  return `${cpus().length} × ${cpu}, ${memoryGiB} GiB, Node ${process.version}, ${process.platform}`;
}

export function commitLine(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty === '' ? commit : `${commit} (with uncommitted changes)`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function printRatios(ratios: readonly Ratio[]): void {
  for (const ratio of ratios)
    process.stdout.write(`ratio ${ratio.name} ${ratio.value.toFixed(3)}\n`);
}

/** Appends one run's section (markdown) to docs/benchmarks.md under the repository root. */
export function appendToBenchmarksDoc(
  root: string,
  title: string,
  layout: string,
  body: string,
  ratios: readonly Ratio[],
): void {
  const path = join(root, 'docs', 'benchmarks.md');
  if (!existsSync(path)) {
    writeFileSync(
      path,
      '# Benchmarks\n\nEach run appends a section (newest last). See README.md for how to run them.\n',
    );
  }
  const lines = [
    '',
    `## ${title} — ${new Date().toISOString()}`,
    '',
    `- commit: ${commitLine()}`,
    `- machine: ${machineLine()}`,
    `- layout: ${layout}`,
    '',
    body.trimEnd(),
    '',
    ...ratios.map((r) => `    ratio ${r.name} ${r.value.toFixed(3)}`),
    '',
  ];
  appendFileSync(path, lines.join('\n'));
}
