/** The kinds of shape AWS service models use. */
export type ShapeType =
  | 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double'
  | 'boolean' | 'timestamp' | 'blob' | 'bigdecimal' | 'biginteger';

/** A reference to a shape from a structure member, list member or map key/value, with its wire names. */
export interface MemberRef {
  readonly name: string;
  readonly shape: Shape;
  readonly locationName: string | undefined;
  readonly queryName: string | undefined;
  readonly flattened: boolean;
  readonly xmlAttribute: boolean;
}

/** A resolved shape: the model's description of one value's type. */
export interface Shape {
  readonly type: ShapeType;
  /** Structure members in model order (empty for non-structures). */
  readonly members: ReadonlyMap<string, MemberRef>;
  readonly required: ReadonlySet<string>;
  readonly member: MemberRef | undefined;
  readonly key: MemberRef | undefined;
  readonly value: MemberRef | undefined;
  readonly flattened: boolean;
  readonly timestampFormat: string | undefined;
  readonly enumValues: readonly string[] | undefined;
  /** Memo for protocol codecs, keyed by codec, so wire-name tables are built once per shape. */
  readonly memo: Map<string, unknown>;
}
