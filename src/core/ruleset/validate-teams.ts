/**
 * Validation and compilation of `teams`: names, sizes, quantities, the
 * instances a quantity generates (`trio_1 ... trio_3`), and the 200-player cap.
 */
import type { TeamDef, TeamInstance } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import { at, describeValue, has, isObject, list, own, quote, warnUnknownProperties } from './validate-context.ts';

/** The most players a FlexMatch match may have (the guide: "41 to 200 players"). */
export const MAX_PLAYERS_PER_MATCH = 200;
/** More players than this (sum of maxPlayers) makes a large match. */
export const LARGE_MATCH_THRESHOLD = 40;

const TEAM_PROPERTIES = ['name', 'minPlayers', 'maxPlayers', 'quantity'] as const;

/** What the rest of validation needs to know about the teams. */
export interface TeamsInfo {
  /** Well-formed definitions (quantity defaulted to 1). */
  defs: TeamDef[];
  /** Instances of the well-formed definitions, in definition order. */
  instances: TeamInstance[];
  /**
   * Every name an expression or expansion may use, definition or instance,
   * mapped to the instance names it stands for. Filled even for teams whose
   * sizes are wrong, so that one mistake does not cascade into "unknown team".
   */
  resolve: Map<string, string[]>;
  /** Sum of maxPlayers × quantity; undefined when some team's size could not be read. */
  maxPlayersTotal: number | undefined;
  /** Every team was well formed. */
  complete: boolean;
}

/** Instance names of a definition: the name itself, or `name_1 ... name_N` when quantity > 1. */
export function instanceNames(name: string, quantity: number): string[] {
  if (quantity <= 1) return [name];
  return Array.from({ length: quantity }, (_, i) => `${name}_${i + 1}`);
}

/**
 * Check `teams` (required, a non-empty array) and return what was understood.
 * Errors: missing/empty/not an array, team without a name, duplicate or
 * clashing names, bad sizes or quantity, more than 200 players in all.
 */
export function checkTeams(ctx: CheckContext, root: Record<string, unknown>): TeamsInfo {
  const info: TeamsInfo = { defs: [], instances: [], resolve: new Map(), maxPlayersTotal: 0, complete: false };
  const path: JsonPath = ['teams'];
  const teams = own(root, 'teams');
  if (!has(root, 'teams')) {
    ctx.error(path, 'teams is required: a rule set must define at least one team');
    info.maxPlayersTotal = undefined;
    return info;
  }
  if (!Array.isArray(teams)) {
    ctx.error(path, `teams must be an array of team definitions, got ${describeValue(teams)}`);
    info.maxPlayersTotal = undefined;
    return info;
  }
  if (teams.length === 0) ctx.error(path, 'teams is empty: a rule set must define at least one team');
  const before = ctx.errorCount;
  const owners = new Map<string, NameOwner>();
  teams.forEach((team, i) => checkTeam(ctx, team, at(path, i), i, info, owners));
  if (info.maxPlayersTotal !== undefined && info.maxPlayersTotal > MAX_PLAYERS_PER_MATCH) {
    ctx.error(
      path,
      `the teams allow ${info.maxPlayersTotal} players in all (sum of maxPlayers × quantity); ` +
        `a match may have at most ${MAX_PLAYERS_PER_MATCH}`,
    );
  }
  info.complete = ctx.errorCount === before && teams.length > 0;
  return info;
}

function checkTeam(
  ctx: CheckContext,
  team: unknown,
  path: JsonPath,
  index: number,
  info: TeamsInfo,
  owners: Map<string, NameOwner>,
): void {
  if (!isObject(team)) {
    ctx.error(path, `a team must be an object with name, minPlayers and maxPlayers, got ${describeValue(team)}`);
    info.maxPlayersTotal = undefined;
    return;
  }
  warnUnknownProperties(ctx, team, path, TEAM_PROPERTIES, 'team');
  const name = readTeamName(ctx, team, path);
  const sizes = readSizes(ctx, team, path);
  const quantity = readQuantity(ctx, team, path);
  if (name !== undefined) registerNames(ctx, name, quantity ?? 1, path, index, info, owners);
  if (name === undefined || sizes === undefined || quantity === undefined) {
    if (sizes === undefined || quantity === undefined) info.maxPlayersTotal = undefined;
    else if (info.maxPlayersTotal !== undefined) info.maxPlayersTotal += sizes.maxPlayers * quantity;
    return;
  }
  info.defs.push({ name, ...sizes, quantity });
  for (const instance of instanceNames(name, quantity)) {
    info.instances.push({ name: instance, definition: name, ...sizes });
  }
  if (info.maxPlayersTotal !== undefined) info.maxPlayersTotal += sizes.maxPlayers * quantity;
}

function readTeamName(ctx: CheckContext, team: Record<string, unknown>, path: JsonPath): string | undefined {
  const name = own(team, 'name');
  if (!has(team, 'name')) {
    ctx.error(at(path, 'name'), 'team has no name; every team needs a unique name');
    return undefined;
  }
  if (typeof name !== 'string' || name.trim() === '') {
    ctx.error(at(path, 'name'), `team name must be a non-empty string, got ${quote(name)}`);
    return undefined;
  }
  return name;
}

/** Who owns a team name: the index of the definition and how it was named. */
interface NameOwner {
  index: number;
  definition: string;
  quantity: number;
}

/**
 * Record the names a team makes usable (its definition name and its instance
 * names). A name already owned by another team is an error: expressions such
 * as `teams[red_2]` must mean one thing.
 */
function registerNames(
  ctx: CheckContext,
  name: string,
  quantity: number,
  path: JsonPath,
  index: number,
  info: TeamsInfo,
  owners: Map<string, NameOwner>,
): void {
  const instances = instanceNames(name, quantity);
  for (const n of new Set([name, ...instances])) {
    const owner = owners.get(n);
    if (owner !== undefined) {
      ctx.error(at(path, 'name'), clashMessage(n, name, quantity, owner));
      continue;
    }
    owners.set(n, { index, definition: name, quantity });
    info.resolve.set(n, n === name ? instances : [n]);
  }
}

function clashMessage(n: string, name: string, quantity: number, owner: NameOwner): string {
  if (n === name && owner.definition === n) {
    return `duplicate team name "${n}": teams[${owner.index}] already uses it`;
  }
  const ours = n === name ? `team name "${n}"` : `instance name "${n}" (from "${name}" with quantity ${quantity})`;
  const theirs =
    owner.definition === n
      ? `the name of teams[${owner.index}]`
      : `an instance of teams[${owner.index}] ("${owner.definition}" with quantity ${owner.quantity})`;
  return `${ours} clashes with ${theirs}; a quantity above 1 names its teams name_1 ... name_N`;
}

function readSizes(
  ctx: CheckContext,
  team: Record<string, unknown>,
  path: JsonPath,
): { minPlayers: number; maxPlayers: number } | undefined {
  const minPlayers = readCount(ctx, team, path, 'minPlayers', 0);
  const maxPlayers = readCount(ctx, team, path, 'maxPlayers', 1);
  if (minPlayers === undefined || maxPlayers === undefined) return undefined;
  if (minPlayers > maxPlayers) {
    ctx.error(at(path, 'minPlayers'), `minPlayers ${minPlayers} is greater than maxPlayers ${maxPlayers}`);
    return undefined;
  }
  return { minPlayers, maxPlayers };
}

/** A required whole number ≥ `least`. */
function readCount(
  ctx: CheckContext,
  team: Record<string, unknown>,
  path: JsonPath,
  key: 'minPlayers' | 'maxPlayers',
  least: number,
): number | undefined {
  const where = at(path, key);
  if (!has(team, key)) {
    ctx.error(where, `team is missing ${key} (required, a whole number)`);
    return undefined;
  }
  const value = own(team, key);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    ctx.error(where, `${key} must be a whole number, got ${describeValue(value)}`);
    return undefined;
  }
  if (value < least) {
    const why = least === 0 ? 'must not be negative' : 'must be at least 1: a team needs room for a player';
    ctx.error(where, `${key} ${value} ${why}`);
    return undefined;
  }
  return value;
}

function readQuantity(ctx: CheckContext, team: Record<string, unknown>, path: JsonPath): number | undefined {
  if (!has(team, 'quantity')) return 1;
  const value = own(team, 'quantity');
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    ctx.error(at(path, 'quantity'), `quantity must be a whole number of at least 1, got ${quote(value)}`);
    return undefined;
  }
  if (value > MAX_PLAYERS_PER_MATCH) {
    ctx.error(at(path, 'quantity'), `quantity ${value} makes more teams than a match can hold (${MAX_PLAYERS_PER_MATCH} players)`);
    return undefined;
  }
  return value;
}

/** `red, blue, trio (trio_1, trio_2, trio_3)` for messages naming the declared teams. */
export function describeTeams(info: TeamsInfo): string {
  const generated = new Set([...info.resolve.values()].filter((i) => i.length > 1).flat());
  const shown: string[] = [];
  for (const [name, instances] of info.resolve) {
    if (generated.has(name)) continue;
    shown.push(instances.length > 1 ? `${name} (${list(instances)})` : name);
  }
  return list(shown);
}
