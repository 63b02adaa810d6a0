/**
 * Validation and compilation of `playerAttributes`: names, the four types,
 * and defaults of the declared type.
 */
import { assertNever } from '../assert-never.ts';
import type { AttributeType, AttributeValue, PlayerAttributeDef } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import {
  at,
  describeValue,
  has,
  isObject,
  list,
  own,
  quote,
  suggestion,
  warnUnknownProperties,
} from './validate-context.ts';

/** The four attribute types, in the guide's order. */
export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['string', 'number', 'string_list', 'string_number_map'];

const ATTRIBUTE_PROPERTIES = ['name', 'type', 'default'] as const;

/** What the rest of validation needs to know about the declared attributes. */
export interface AttributesInfo {
  /** Well-formed declarations, in order. */
  defs: PlayerAttributeDef[];
  /** Type of every attribute whose declaration has a valid type. */
  types: Map<string, AttributeType>;
  /** Every declared name, even when its type is wrong (avoids "unknown attribute" cascades). */
  declared: Set<string>;
}

/**
 * Check `playerAttributes` (optional; an array). Errors: not an array, entry
 * without a name, duplicate names, unknown type, default of the wrong type.
 * A numeric string default for a number attribute is a warning and is read
 * as the number.
 */
export function checkAttributes(ctx: CheckContext, root: Record<string, unknown>): AttributesInfo {
  const info: AttributesInfo = { defs: [], types: new Map(), declared: new Set() };
  if (!has(root, 'playerAttributes')) return info;
  const attrs = own(root, 'playerAttributes');
  const path: JsonPath = ['playerAttributes'];
  if (!Array.isArray(attrs)) {
    ctx.error(path, `playerAttributes must be an array, got ${describeValue(attrs)}`);
    return info;
  }
  const firstIndex = new Map<string, number>();
  attrs.forEach((attr, i) => {
    const def = checkAttribute(ctx, attr, at(path, i), firstIndex, i);
    if (def === undefined) return;
    info.defs.push(def);
    info.types.set(def.name, def.type);
  });
  for (const name of firstIndex.keys()) info.declared.add(name);
  return info;
}

function checkAttribute(
  ctx: CheckContext,
  attr: unknown,
  path: JsonPath,
  firstIndex: Map<string, number>,
  index: number,
): PlayerAttributeDef | undefined {
  if (!isObject(attr)) {
    ctx.error(path, `a player attribute must be an object with name and type, got ${describeValue(attr)}`);
    return undefined;
  }
  warnUnknownProperties(ctx, attr, path, ATTRIBUTE_PROPERTIES, 'player attribute');
  const name = own(attr, 'name');
  let validName: string | undefined;
  if (!has(attr, 'name')) ctx.error(at(path, 'name'), 'player attribute has no name');
  else if (typeof name !== 'string' || name === '') {
    ctx.error(at(path, 'name'), `player attribute name must be a non-empty string, got ${quote(name)}`);
  } else if (firstIndex.has(name)) {
    ctx.error(at(path, 'name'), `duplicate player attribute "${name}": playerAttributes[${firstIndex.get(name)}] declares it`);
  } else {
    firstIndex.set(name, index);
    validName = name;
  }
  const type = readType(ctx, attr, path);
  if (type === undefined || validName === undefined) return undefined;
  if (!has(attr, 'default')) return { name: validName, type };
  const value = checkDefault(ctx, own(attr, 'default'), type, at(path, 'default'));
  return value === undefined ? undefined : { name: validName, type, default: value };
}

function readType(ctx: CheckContext, attr: Record<string, unknown>, path: JsonPath): AttributeType | undefined {
  const type = own(attr, 'type');
  if (!has(attr, 'type')) {
    ctx.error(at(path, 'type'), `player attribute has no type; expected one of: ${list(ATTRIBUTE_TYPES)}`);
    return undefined;
  }
  if (typeof type === 'string' && (ATTRIBUTE_TYPES as readonly string[]).includes(type)) return type as AttributeType;
  const hint = typeof type === 'string' ? suggestion(type, ATTRIBUTE_TYPES) : '';
  ctx.error(at(path, 'type'), `unknown attribute type ${quote(type)}${hint}; expected one of: ${list(ATTRIBUTE_TYPES)}`);
  return undefined;
}

/** The default as the declared type, or undefined after reporting why it does not fit. */
function checkDefault(
  ctx: CheckContext,
  value: unknown,
  type: AttributeType,
  path: JsonPath,
): AttributeValue | undefined {
  const wrong = (expected: string): undefined => {
    ctx.error(path, `default for a ${type} attribute must be ${expected}, got ${describeValue(value)}`);
    return undefined;
  };
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : wrong('a string');
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
        ctx.warning(path, `default ${quote(value)} is a string; it is read as the number ${Number(value)}`);
        return Number(value);
      }
      return wrong('a number');
    case 'string_list':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? [...(value as string[])]
        : wrong('an array of strings');
    case 'string_number_map':
      return isObject(value) && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v))
        ? { ...(value as Record<string, number>) }
        : wrong('an object whose values are numbers');
    default:
      return assertNever(type, 'attribute type');
  }
}

