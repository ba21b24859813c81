/**
 * A layer's parcel attributes held column by column, and `ParcelRow`, one parcel's attributes read from
 * them. Numbers sit in Float64Arrays (NaN: empty), other values in one array per field. Held as one object
 * per parcel, 100k parcels' attributes were ~28 MB of objects and a million boxed numbers (16 MB) that
 * every young-generation GC of the load copied, on the CLI's critical path and in the app's worker.
 *
 * A row reads like the `ParcelAttributes` object it replaces: a field the layer does not map is undefined,
 * a mapped empty one null. Its fields are accessors on the prototype, so `Object.keys`, `for…in`, spread
 * and structured clone do not see them: `attributeKeys` and `plainAttributes` say what a row holds.
 */
import { FIELD_KIND, PARCEL_FIELDS, type ParcelAttributes, type ParcelField } from './parcel';

/** Fields whose values are numbers (of the number, integer and ratio kinds). */
export const NUMBER_FIELDS: ReadonlySet<ParcelField> = new Set<ParcelField>(
  PARCEL_FIELDS.map((f) => f.key).filter((k) => FIELD_KIND[k] === 'number' || FIELD_KIND[k] === 'integer' || FIELD_KIND[k] === 'ratio'),
);

/** Each field's slot in `AttributeColumns.numbers` / `values`. */
const SLOT = new Map<ParcelField, number>(PARCEL_FIELDS.map((f, i) => [f.key, i]));

/** A value of a field that is not a number (text, yes/no); null: empty. */
export type ColumnValue = string | boolean | null;
type Value = ColumnValue;

export class AttributeColumns {
  /** The mapped fields, in the order a parcel's record lists them. */
  readonly fields: ParcelField[] = [];
  /** By field slot: the numbers of a mapped number field (NaN: empty). */
  readonly numbers: (Float64Array | undefined)[] = PARCEL_FIELDS.map(() => undefined);
  /** By field slot: the values of a mapped field of another kind (null: empty). */
  readonly values: (Value[] | undefined)[] = PARCEL_FIELDS.map(() => undefined);
  /**
   * These columns' own row class: its accessors hold the column arrays themselves, so reading a field is
   * the row's index, the array and the element (reached through the columns object and a slot, the
   * analysis read its attributes ~35 % slower than from objects; a CPU profile of the app's worker).
   */
  private readonly Row: new (index: number) => ParcelRow;

  /** Room for `count` parcels, each of `fields` empty (null) to begin with. */
  constructor(readonly count: number, fields: readonly ParcelField[]) {
    const Row = class extends ParcelRow {};
    Object.defineProperty(Row.prototype, 'columns', { value: this, enumerable: false });
    // A field the columns do not map reads undefined; set, it is mapped for every row (empty in the others).
    for (const { key } of PARCEL_FIELDS) {
      Object.defineProperty(Row.prototype, key, {
        get: () => undefined,
        set(this: ParcelRow, value: unknown) {
          writeCell(this.columns.column(key), this.index, value);
        },
        enumerable: false,
        configurable: true,
      });
    }
    this.Row = Row;
    for (const f of fields) this.map(f);
  }

  /**
   * Maps `field` unless it is mapped already: its values empty, or `given` (a number field's whole column,
   * taken as it is: the page's copy of the worker's columns).
   */
  map(field: ParcelField, given?: Float64Array): void {
    const slot = SLOT.get(field)!;
    if (given && (!NUMBER_FIELDS.has(field) || given.length !== this.count)) throw new RangeError(`${field}: not a number column of ${this.count}`);
    if (this.numbers[slot] || this.values[slot]) {
      if (given) throw new Error(`${field} is mapped already`);
      return;
    }
    this.fields.push(field);
    let get: (this: ParcelRow) => unknown;
    let column: Float64Array | Value[];
    if (NUMBER_FIELDS.has(field)) {
      const numbers = (this.numbers[slot] = column = given ?? new Float64Array(this.count).fill(NaN));
      get = function () {
        const v = numbers[this.index]!;
        return v === v ? v : null;
      };
    } else {
      const values = (this.values[slot] = column = new Array<Value>(this.count).fill(null));
      get = function () {
        return values[this.index];
      };
    }
    Object.defineProperty(this.Row.prototype, field, {
      get,
      set(this: ParcelRow, value: unknown) {
        writeCell(column, this.index, value);
      },
      enumerable: false,
      configurable: true,
    });
  }

  /** Where `field`'s values go: its number column, or its value column. */
  column(field: ParcelField): Float64Array | Value[] {
    this.map(field);
    const slot = SLOT.get(field)!;
    return this.numbers[slot] ?? this.values[slot]!;
  }

  row(index: number): ParcelRow {
    return new this.Row(index);
  }
}

/** Writes `value` (null or undefined: empty) at `index` of a column from `AttributeColumns.column`. */
export function writeCell(column: Float64Array | Value[], index: number, value: unknown): void {
  if (column instanceof Float64Array) {
    if (value === null || value === undefined) column[index] = NaN;
    else if (typeof value === 'number') column[index] = value;
    else throw new TypeError(`a number field given ${typeof value} ${String(value)}`);
  } else if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') {
    column[index] = value ?? null;
  } else {
    throw new TypeError(`a text or yes/no field given ${typeof value} ${String(value)}`);
  }
}

/**
 * One parcel's attributes, read from its layer's columns (`AttributeColumns.row`); every ParcelAttributes
 * field is an accessor of its columns' own row class.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface ParcelRow extends ParcelAttributes {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class ParcelRow {
  /** On the columns' row class's prototype. */
  declare readonly columns: AttributeColumns;
  constructor(readonly index: number) {}
}

/** The fields `a` holds (mapped ones, empty or not), in its record's order. */
export function attributeKeys(a: ParcelAttributes): readonly string[] {
  return a instanceof ParcelRow ? a.columns.fields : Object.keys(a);
}

/** `a` as a plain object of the fields it holds (for JSON, structured clone, and tests). */
export function plainAttributes(a: ParcelAttributes): ParcelAttributes {
  if (!(a instanceof ParcelRow)) return a;
  const out: Record<string, unknown> = {};
  for (const k of a.columns.fields) out[k] = a[k];
  return out as unknown as ParcelAttributes;
}
