// CoreWorkload's choices, as pure data: which operation comes next, on which key, with which
// fields and values. The driver executes them; nothing here does I/O. Invariant: a run-phase
// INSERT's keynum must be acknowledged (done or failed) before reads may choose it (YCSB's
// AcknowledgedCounterGenerator), so a read never asks for a record not yet written.
import { buildKeyName } from './fnv.js';
import {
  AcknowledgedCounterGenerator,
  CounterGenerator,
  DiscreteGenerator,
  ScrambledZipfianGenerator,
  SkewedLatestGenerator,
  UniformLongGenerator,
  type NumberGenerator,
} from './generators.js';
import type { YcsbRandom } from './random.js';
import { ValueSource } from './values.js';
import { fieldNames, type WorkloadSpec } from './workloads.js';

export type FieldValues = Readonly<Record<string, string>>;

export type OperationName = 'READ' | 'UPDATE' | 'INSERT' | 'SCAN' | 'READ-MODIFY-WRITE';

export type Operation =
  | { readonly kind: 'READ'; readonly key: string; readonly fields: readonly string[] | null }
  | { readonly kind: 'UPDATE'; readonly key: string; readonly values: FieldValues }
  | {
      readonly kind: 'INSERT';
      readonly keynum: number;
      readonly key: string;
      readonly values: FieldValues;
    }
  | {
      readonly kind: 'SCAN';
      readonly startKey: string;
      readonly count: number;
      readonly fields: readonly string[] | null;
    }
  | {
      readonly kind: 'READ-MODIFY-WRITE';
      readonly key: string;
      readonly fields: readonly string[] | null;
      readonly values: FieldValues;
    };

export interface WorkloadCounts {
  readonly recordcount: number;
  readonly operationcount: number;
  /** @default 0 */
  readonly insertstart?: number;
  /** Key names already built, by keynum (the loaded ones): spares the driver the FNV hashing. */
  readonly keyNames?: readonly string[];
}

export class CoreWorkload {
  readonly spec: WorkloadSpec;
  readonly #fieldnames: readonly string[];
  readonly #values: ValueSource;
  readonly #keysequence: CounterGenerator;
  readonly #operationchooser: DiscreteGenerator<OperationName>;
  readonly #insertKeys: AcknowledgedCounterGenerator;
  readonly #keychooser: NumberGenerator;
  readonly #fieldchooser: UniformLongGenerator;
  readonly #scanlength: UniformLongGenerator;
  readonly #ordered: boolean;
  readonly #keyNames: readonly string[];

  constructor(spec: WorkloadSpec, counts: WorkloadCounts, random: YcsbRandom, values: ValueSource) {
    this.spec = spec;
    this.#fieldnames = fieldNames(spec);
    this.#values = values;
    this.#ordered = spec.insertorder === 'ordered';
    this.#keyNames = counts.keyNames ?? [];
    const insertstart = counts.insertstart ?? 0;
    const insertcount = counts.recordcount - insertstart;
    this.#keysequence = new CounterGenerator(insertstart);
    this.#operationchooser = operationChooser(spec, random);
    this.#insertKeys = new AcknowledgedCounterGenerator(counts.recordcount);
    this.#keychooser = keyChooser(spec, counts, insertstart, insertcount, this.#insertKeys, random);
    this.#fieldchooser = new UniformLongGenerator(0, spec.fieldcount - 1, random);
    this.#scanlength = new UniformLongGenerator(spec.minscanlength, spec.maxscanlength, random);
  }

  keyName(keynum: number): string {
    return this.#keyNames[keynum] ?? buildKeyName(keynum, this.spec.zeropadding, this.#ordered);
  }

  /** The load phase's next record (doInsert). */
  nextLoadInsert(): Operation & { readonly kind: 'INSERT' } {
    const keynum = this.#keysequence.nextValue();
    return { kind: 'INSERT', keynum, key: this.keyName(keynum), values: this.#allValues() };
  }

  /** The run phase's next operation (doTransaction). */
  nextTransaction(): Operation {
    const operation = this.#operationchooser.nextValue();
    switch (operation) {
      case 'READ':
        return { kind: 'READ', key: this.keyName(this.#nextKeynum()), fields: this.#readFields() };
      case 'UPDATE': {
        const key = this.keyName(this.#nextKeynum());
        return { kind: 'UPDATE', key, values: this.#writeValues() };
      }
      case 'INSERT': {
        const keynum = this.#insertKeys.nextValue();
        return { kind: 'INSERT', keynum, key: this.keyName(keynum), values: this.#allValues() };
      }
      case 'SCAN': {
        const startKey = this.keyName(this.#nextKeynum());
        const count = this.#scanlength.nextValue();
        return { kind: 'SCAN', startKey, count, fields: this.#readFields() };
      }
      case 'READ-MODIFY-WRITE': {
        const key = this.keyName(this.#nextKeynum());
        const fields = this.#readFields();
        return { kind: 'READ-MODIFY-WRITE', key, fields, values: this.#writeValues() };
      }
    }
  }

  /** A run-phase insert is over (whatever its outcome): its key may now be chosen. */
  acknowledgeInsert(keynum: number): void {
    this.#insertKeys.acknowledge(keynum);
  }

  /** Keys inserted (and acknowledged) by the run phase so far: recordcount.. this. */
  lastInsertedKeynum(): number {
    return this.#insertKeys.lastValue();
  }

  #nextKeynum(): number {
    let keynum: number;
    do keynum = this.#keychooser.nextValue();
    while (keynum > this.#insertKeys.lastValue());
    return keynum;
  }

  #readFields(): readonly string[] | null {
    return this.spec.readallfields ? null : [this.#randomField()];
  }

  #randomField(): string {
    const name = this.#fieldnames[this.#fieldchooser.nextValue()];
    if (name === undefined) throw new Error('field chooser out of range');
    return name;
  }

  #writeValues(): FieldValues {
    if (this.spec.writeallfields) return this.#allValues();
    return { [this.#randomField()]: this.#values.next(this.spec.fieldlength) };
  }

  #allValues(): FieldValues {
    const values: Record<string, string> = {};
    for (const name of this.#fieldnames) values[name] = this.#values.next(this.spec.fieldlength);
    return values;
  }
}

function operationChooser(
  spec: WorkloadSpec,
  random: YcsbRandom,
): DiscreteGenerator<OperationName> {
  const chooser = new DiscreteGenerator<OperationName>(random);
  if (spec.readproportion > 0) chooser.addValue(spec.readproportion, 'READ');
  if (spec.updateproportion > 0) chooser.addValue(spec.updateproportion, 'UPDATE');
  if (spec.insertproportion > 0) chooser.addValue(spec.insertproportion, 'INSERT');
  if (spec.scanproportion > 0) chooser.addValue(spec.scanproportion, 'SCAN');
  if (spec.readmodifywriteproportion > 0) {
    chooser.addValue(spec.readmodifywriteproportion, 'READ-MODIFY-WRITE');
  }
  return chooser;
}

function keyChooser(
  spec: WorkloadSpec,
  counts: WorkloadCounts,
  insertstart: number,
  insertcount: number,
  insertKeys: AcknowledgedCounterGenerator,
  random: YcsbRandom,
): NumberGenerator {
  switch (spec.requestdistribution) {
    case 'uniform':
      return new UniformLongGenerator(insertstart, insertstart + insertcount - 1, random);
    case 'zipfian': {
      // YCSB widens the key space by the inserts it expects (× 2, its "fudge factor"), so that
      // inserts do not shift which keys are popular; keys not yet inserted are drawn again.
      const expectednewkeys = Math.trunc(counts.operationcount * spec.insertproportion * 2);
      const max = insertstart + insertcount + expectednewkeys;
      return new ScrambledZipfianGenerator(insertstart, max, random);
    }
    case 'latest':
      return new SkewedLatestGenerator(insertKeys, random);
  }
}
