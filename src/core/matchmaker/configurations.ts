/**
 * Matchmaking configurations (the "matchmakers"): create, describe, update,
 * delete, with the standalone-mode fields and their API limits.
 *
 * An update that changes the rule set while the configuration has active
 * tickets is refused when the new rule set would strand them, as the guide's
 * "Edit a matchmaking configuration" lists: different team names or number of
 * teams, new player attributes, changed attribute types. peermatch adds one
 * case the guide implies: an attribute that loses its default (tickets that
 * relied on it would lack a required value).
 */
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { invalidRequest, notFound, show } from './errors.ts';
import { checkName, type ArnFactory } from './ids.ts';
import { paginate } from './paging.ts';
import type { RuleSetRecord, RuleSetRegistry } from './rule-sets.ts';
import type {
  CreateMatchmakingConfigurationInput,
  DescribeMatchmakingConfigurationsInput,
  DescribeMatchmakingConfigurationsOutput,
  GameProperty,
  MatchmakingConfiguration,
  UpdateMatchmakingConfigurationInput,
} from './types.ts';

/** A stored configuration: the SDK shape with the creation time in ms (plain JSON). */
export type ConfigurationRecord = Omit<MatchmakingConfiguration, 'CreationTime'> & { CreationTimeMs: number };

type Fields = Partial<CreateMatchmakingConfigurationInput>;

function checkInteger(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`${field}: expected an integer from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

function checkString(field: string, value: unknown, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) {
    throw invalidRequest(`${field}: expected a string of at most ${maxLength} characters, got ${show(value)}`);
  }
  return value;
}

function checkGameProperties(value: unknown): GameProperty[] {
  if (!Array.isArray(value) || value.length > 16) {
    throw invalidRequest(`GameProperties: expected a list of at most 16 {Key, Value} pairs, got ${show(value)}`);
  }
  return value.map((property: unknown, index) => {
    const { Key, Value } = (property ?? {}) as Partial<GameProperty>;
    return {
      Key: checkString(`GameProperties[${index}].Key`, Key, 32),
      Value: checkString(`GameProperties[${index}].Value`, Value, 96),
    };
  });
}

/** Checks every field present in `fields` against the API limits. */
function checkFields(fields: Fields): void {
  if (fields.RequestTimeoutSeconds !== undefined) checkInteger('RequestTimeoutSeconds', fields.RequestTimeoutSeconds, 1, 43200);
  if (fields.AcceptanceTimeoutSeconds !== undefined) {
    checkInteger('AcceptanceTimeoutSeconds', fields.AcceptanceTimeoutSeconds, 1, 600);
  }
  if (fields.AcceptanceRequired !== undefined && typeof fields.AcceptanceRequired !== 'boolean') {
    throw invalidRequest(`AcceptanceRequired: expected true or false, got ${show(fields.AcceptanceRequired)}`);
  }
  if (fields.BackfillMode !== undefined && fields.BackfillMode !== 'MANUAL' && fields.BackfillMode !== 'AUTOMATIC') {
    throw invalidRequest(`BackfillMode: expected "MANUAL" or "AUTOMATIC", got ${show(fields.BackfillMode)}`);
  }
  if (fields.AdditionalPlayerCount !== undefined) {
    checkInteger('AdditionalPlayerCount', fields.AdditionalPlayerCount, 0, 10000);
  }
  if (fields.CustomEventData !== undefined) checkString('CustomEventData', fields.CustomEventData, 256);
  if (fields.GameSessionData !== undefined) checkString('GameSessionData', fields.GameSessionData, 4096);
  if (fields.Description !== undefined) checkString('Description', fields.Description, 1024);
  if (fields.NotificationTarget !== undefined) checkString('NotificationTarget', fields.NotificationTarget, 300);
  if (fields.GameProperties !== undefined) checkGameProperties(fields.GameProperties);
  if (fields.FlexMatchMode !== undefined && fields.FlexMatchMode !== 'STANDALONE') {
    throw invalidRequest(
      `FlexMatchMode: ${show(fields.FlexMatchMode)} needs GameLift managed hosting; peermatch runs FlexMatch in "STANDALONE" mode only`,
    );
  }
  if (fields.GameSessionQueueArns !== undefined && fields.GameSessionQueueArns.length > 0) {
    throw invalidRequest(
      `GameSessionQueueArns: ${show(fields.GameSessionQueueArns)}: game session queues need GameLift managed hosting; leave them empty in STANDALONE mode`,
    );
  }
}

/** Player acceptance requires a time limit (the guide's "Player Acceptance"). */
function checkAcceptance(record: ConfigurationRecord): void {
  if (record.AcceptanceRequired && record.AcceptanceTimeoutSeconds === undefined) {
    throw invalidRequest('AcceptanceTimeoutSeconds: required (1 to 600) when AcceptanceRequired is true');
  }
}

/**
 * Why `next` would strand tickets made under `previous`, or undefined when it
 * would not: team names or count, new attributes, changed types, lost defaults.
 */
export function ruleSetChangeProblem(previous: CompiledRuleSet, next: CompiledRuleSet): string | undefined {
  const before = previous.teams.map((team) => team.name).join(', ');
  const after = next.teams.map((team) => team.name).join(', ');
  if (before !== after) return `its teams are [${after}] where active tickets were made for [${before}]`;
  for (const attribute of next.playerAttributes) {
    const old = previous.playerAttributes.find((a) => a.name === attribute.name);
    if (!old) return `it declares a new player attribute "${attribute.name}"`;
    if (old.type !== attribute.type) {
      return `it changes the type of player attribute "${attribute.name}" from ${old.type} to ${attribute.type}`;
    }
    if (old.default !== undefined && attribute.default === undefined) {
      return `player attribute "${attribute.name}" loses its default`;
    }
  }
  return undefined;
}

/** The configurations of one matchmaker, by name, in creation order. */
export class ConfigurationRegistry {
  private readonly byName = new Map<string, ConfigurationRecord>();

  constructor(
    private readonly arns: ArnFactory,
    private readonly ruleSets: RuleSetRegistry,
  ) {}

  create(input: CreateMatchmakingConfigurationInput, nowMs: number): ConfigurationRecord {
    const name = checkName('Name', input?.Name);
    if (this.byName.has(name)) throw invalidRequest(`Name: a matchmaking configuration named ${show(name)} already exists`);
    if (input.RequestTimeoutSeconds === undefined) throw invalidRequest('RequestTimeoutSeconds: required (1 to 43200)');
    if (input.AcceptanceRequired === undefined) throw invalidRequest('AcceptanceRequired: required (true or false)');
    checkFields(input);
    const ruleSet = this.ruleSets.get('RuleSetName', input.RuleSetName);
    const record: ConfigurationRecord = {
      Name: name,
      ConfigurationArn: this.arns.configuration(name),
      GameSessionQueueArns: [],
      RequestTimeoutSeconds: input.RequestTimeoutSeconds,
      AcceptanceRequired: input.AcceptanceRequired,
      RuleSetName: ruleSet.name,
      RuleSetArn: ruleSet.arn,
      AdditionalPlayerCount: input.AdditionalPlayerCount ?? 0,
      GameProperties: input.GameProperties ? checkGameProperties(input.GameProperties) : [],
      BackfillMode: input.BackfillMode ?? 'MANUAL',
      FlexMatchMode: 'STANDALONE',
      CreationTimeMs: nowMs,
    };
    copyOptional(record, input);
    checkAcceptance(record);
    this.byName.set(name, record);
    return record;
  }

  restore(record: ConfigurationRecord): void {
    this.ruleSets.get('RuleSetName', record.RuleSetName);
    this.byName.set(record.Name, structuredCloneRecord(record));
  }

  /** The configuration named (or ARN'd) by `field`, or `NotFoundException`. */
  get(field: string, nameOrArn: unknown): ConfigurationRecord {
    // A stored name is valid by construction: the common case skips parsing (every request and tick asks).
    const stored = typeof nameOrArn === 'string' ? this.byName.get(nameOrArn) : undefined;
    if (stored) return stored;
    const name = this.arns.nameFrom(field, nameOrArn, 'matchmakingconfiguration');
    const record = this.byName.get(name);
    if (!record) throw notFound(`${field}: no matchmaking configuration named ${show(name)}`);
    return record;
  }

  all(): ConfigurationRecord[] {
    return [...this.byName.values()];
  }

  /** The first configuration that uses the rule set, if any. */
  usingRuleSet(ruleSetName: string): string | undefined {
    return this.all().find((record) => record.RuleSetName === ruleSetName)?.Name;
  }

  describe(input: DescribeMatchmakingConfigurationsInput = {}): DescribeMatchmakingConfigurationsOutput {
    let records = this.all();
    if (input.Names !== undefined) {
      const names = new Set(
        input.Names.map((name, index) => this.arns.nameFrom(`Names[${index}]`, name, 'matchmakingconfiguration')),
      );
      records = records.filter((record) => names.has(record.Name));
    }
    if (input.RuleSetName !== undefined) {
      const ruleSet = this.ruleSets.get('RuleSetName', input.RuleSetName);
      records = records.filter((record) => record.RuleSetName === ruleSet.name);
    }
    const { page, nextToken } = paginate(records, input.Limit, input.NextToken);
    const output: DescribeMatchmakingConfigurationsOutput = { Configurations: page.map(toSdkConfiguration) };
    if (nextToken !== undefined) output.NextToken = nextToken;
    return output;
  }

  /**
   * Applies an update. `hasActiveTickets` says whether the configuration has
   * tickets a rule-set change could strand.
   */
  update(input: UpdateMatchmakingConfigurationInput, hasActiveTickets: boolean): ConfigurationRecord {
    const current = this.get('Name', input?.Name);
    checkFields(input);
    const next: ConfigurationRecord = structuredCloneRecord(current);
    if (input.RuleSetName !== undefined) {
      const ruleSet: RuleSetRecord = this.ruleSets.get('RuleSetName', input.RuleSetName);
      if (ruleSet.name !== current.RuleSetName && hasActiveTickets) {
        const previous = this.ruleSets.get('RuleSetName', current.RuleSetName);
        const problem = ruleSetChangeProblem(previous.compiled, ruleSet.compiled);
        if (problem !== undefined) {
          throw invalidRequest(
            `RuleSetName: rule set ${show(ruleSet.name)} is incompatible with the active tickets of ` +
              `${show(current.Name)}: ${problem}. Create a new matchmaking configuration for it instead`,
          );
        }
      }
      next.RuleSetName = ruleSet.name;
      next.RuleSetArn = ruleSet.arn;
    }
    if (input.RequestTimeoutSeconds !== undefined) next.RequestTimeoutSeconds = input.RequestTimeoutSeconds;
    if (input.AcceptanceRequired !== undefined) next.AcceptanceRequired = input.AcceptanceRequired;
    if (input.AdditionalPlayerCount !== undefined) next.AdditionalPlayerCount = input.AdditionalPlayerCount;
    if (input.BackfillMode !== undefined) next.BackfillMode = input.BackfillMode;
    if (input.GameProperties !== undefined) next.GameProperties = checkGameProperties(input.GameProperties);
    copyOptional(next, input);
    checkAcceptance(next);
    this.byName.set(next.Name, next);
    return next;
  }

  /** Deletes a configuration unless it has active tickets (AWS refuses that too). */
  delete(nameOrArn: unknown, activeTickets: (name: string) => number): void {
    const record = this.get('Name', nameOrArn);
    const active = activeTickets(record.Name);
    if (active > 0) {
      throw invalidRequest(
        `Name: matchmaking configuration ${show(record.Name)} is used by ${active} active ticket(s); stop them or let them finish first`,
      );
    }
    this.byName.delete(record.Name);
  }
}

function copyOptional(record: ConfigurationRecord, input: Fields): void {
  if (input.Description !== undefined) record.Description = input.Description;
  if (input.AcceptanceTimeoutSeconds !== undefined) record.AcceptanceTimeoutSeconds = input.AcceptanceTimeoutSeconds;
  if (input.CustomEventData !== undefined) record.CustomEventData = input.CustomEventData;
  if (input.GameSessionData !== undefined) record.GameSessionData = input.GameSessionData;
  if (input.NotificationTarget !== undefined) record.NotificationTarget = input.NotificationTarget;
}

function structuredCloneRecord(record: ConfigurationRecord): ConfigurationRecord {
  return {
    ...record,
    GameSessionQueueArns: [...record.GameSessionQueueArns],
    GameProperties: record.GameProperties.map((property) => ({ ...property })),
  };
}

export function toSdkConfiguration(record: ConfigurationRecord): MatchmakingConfiguration {
  const { CreationTimeMs, ...rest } = structuredCloneRecord(record);
  return { ...rest, CreationTime: new Date(CreationTimeMs) };
}
