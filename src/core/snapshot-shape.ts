/**
 * The shape check of a Matchmaker snapshot read from outside (an exported
 * host state): every problem with its path, where `Matchmaker.restore`
 * stops at the first. Pure.
 */
import { show } from './format-value.ts';
import type { IssueList } from './issue.ts';
import { eachItem, expectField } from './json-shape.ts';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './matchmaker/snapshot.ts';
import { TICKET_STATUSES } from './ticket-lifecycle.ts';

/**
 * Checks that `value` has the shape of a Matchmaker snapshot this version
 * reads (format, version, and every list with the fields of its items),
 * reporting each problem with its path into `issues`. Deeper checks (rule
 * sets that compile, names that resolve) are `Matchmaker.restore`'s.
 */
export function checkSnapshotShape(value: unknown, issues: IssueList): void {
  const snapshot = value as Record<string, unknown>;
  if (snapshot.format !== SNAPSHOT_FORMAT) return issues.add('format', `expected "${SNAPSHOT_FORMAT}", got ${show(snapshot.format)}`);
  if (snapshot.version !== SNAPSHOT_VERSION) return issues.add('version', `${show(snapshot.version)} is not supported (expected ${SNAPSHOT_VERSION})`);
  expectField(snapshot, 'takenAtMs', 'number', issues);
  expectField(snapshot, 'region', 'string', issues);
  expectField(snapshot, 'accountId', 'string', issues);
  expectField(snapshot, 'waitHistory', 'object', issues, true);
  eachItem(snapshot, 'ruleSets', issues, (ruleSet, at) => {
    for (const key of ['name', 'arn', 'body']) expectField(ruleSet, key, 'string', at);
    expectField(ruleSet, 'creationTimeMs', 'number', at);
  });
  const configurationNames = new Set<unknown>();
  eachItem(snapshot, 'configurations', issues, (configuration, at) => {
    for (const key of ['Name', 'RuleSetName', 'ConfigurationArn']) expectField(configuration, key, 'string', at);
    expectField(configuration, 'RequestTimeoutSeconds', 'number', at);
    expectField(configuration, 'AcceptanceRequired', 'boolean', at);
    configurationNames.add(configuration.Name);
  });
  eachItem(snapshot, 'tickets', issues, (ticket, at) => checkTicket(ticket, at, configurationNames));
  eachItem(snapshot, 'matches', issues, (match, at) => {
    expectField(match, 'matchId', 'string', at);
    expectField(match, 'ticketIds', 'array', at);
    expectField(match, 'teams', 'array', at);
    expectField(match, 'proposedAtMs', 'number', at);
  });
  eachItem(snapshot, 'gameSessions', issues, (session, at) => void expectField(session, 'arn', 'string', at));
}

function checkTicket(ticket: Record<string, unknown>, at: IssueList, configurationNames: ReadonlySet<unknown>): void {
  for (const key of ['ticketId', 'configurationName', 'configurationArn']) expectField(ticket, key, 'string', at);
  if (typeof ticket.configurationName === 'string' && !configurationNames.has(ticket.configurationName)) {
    at.add('configurationName', `no configuration ${show(ticket.configurationName)} in snapshot.configurations`);
  }
  if (!(TICKET_STATUSES as readonly string[]).includes(ticket.status as string)) {
    at.add('status', `expected one of ${TICKET_STATUSES.join(', ')}, got ${show(ticket.status)}`);
  }
  expectField(ticket, 'startTimeMs', 'number', at);
  expectField(ticket, 'endTimeMs', 'number', at, true);
  eachItem(ticket, 'players', at, (player, playerAt) => void expectField(player, 'PlayerId', 'string', playerAt));
}
