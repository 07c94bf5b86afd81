// The house style's mechanical rules (STYLE.md), checked on every run: no `any`, small files,
// a header comment on every source file, time and randomness only through the injected
// clock and rng, and production code never importing tests or benchmarks.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_FILE_LINES_MAX = 400;
/** Code is formatted at 100 columns (prettier); long strings and comments may reach this. */
const SOURCE_LINE_COLUMNS_MAX = 120;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const sources = tsFiles(join(root, 'src')).map((path) => ({
  name: relative(root, path),
  text: readFileSync(path, 'utf8'),
}));

describe('tidy', () => {
  it('has no `any` in src and bench', () => {
    const files = [
      ...sources,
      ...tsFiles(join(root, 'bench')).map((p) => ({ name: p, text: readFileSync(p, 'utf8') })),
    ];
    const offenders = files.filter((f) =>
      /:\s*any\b|\bas any\b|<any>/.test(f.text.replace(/\/\/.*$/gm, '')),
    );
    expect(offenders.map((f) => f.name)).toEqual([]);
  });

  it(`keeps source files under ${SOURCE_FILE_LINES_MAX} lines and ${SOURCE_LINE_COLUMNS_MAX} columns`, () => {
    const long = sources.filter((f) => f.text.split('\n').length > SOURCE_FILE_LINES_MAX);
    expect(long.map((f) => f.name)).toEqual([]);
    const wide = sources.flatMap((f) =>
      f.text
        .split('\n')
        .flatMap((line, i) =>
          line.length > SOURCE_LINE_COLUMNS_MAX ? [`${f.name}:${i + 1}`] : [],
        ),
    );
    expect(wide).toEqual([]);
  });

  it('opens every source file with a comment on its role', () => {
    expect(sources.filter((f) => !f.text.startsWith('//')).map((f) => f.name)).toEqual([]);
  });

  it('reads time and randomness only through common/clock.ts and common/rng.ts', () => {
    const allowed = new Set(['src/common/clock.ts', 'src/common/rng.ts']);
    const offenders = sources.filter(
      (f) =>
        !allowed.has(f.name) && /\bDate\.now\(|\bMath\.random\(|\bperformance\.now\(/.test(f.text),
    );
    expect(offenders.map((f) => f.name)).toEqual([]);
  });

  it('never imports tests or benchmarks from production code', () => {
    const offenders = sources.filter((f) => /from '(\.\.\/)+(test|bench)\//.test(f.text));
    expect(offenders.map((f) => f.name)).toEqual([]);
  });
});
