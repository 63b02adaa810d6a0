/**
 * The AWS GameLift request and response shapes the Matchmaker speaks, typed
 * once (AWS SDK v3, `@aws-sdk/client-gamelift`): PascalCase fields, dates as
 * JS `Date`s. Only the fields FlexMatch standalone mode uses are declared;
 * code written against the SDK compiles against these with a rename.
 */

/** `AttributeValue`: exactly one of `S`, `N`, `SL`, `SDM`. */
export interface AttributeValue {
  S?: string;
  N?: number;
  SL?: string[];
  SDM?: Record<string, number>;
}

/** `Player`: one player of a matchmaking or backfill request. */
export interface Player {
  PlayerId: string;
  PlayerAttributes?: Record<string, AttributeValue>;
  /** Required on `startMatchBackfill` (the player's current team); ignored by `startMatchmaking`. */
  Team?: string;
  /** Latency to each region or location, in milliseconds (integers, at least 1). */
  LatencyInMs?: Record<string, number>;
  /**
   * Non-AWS (peer-to-peer): the PeerJS id of the player's client, 1 to
   * `MAX_PEER_ID_LENGTH` characters. Players with one can be chosen as a
   * match's game host; see peer-to-peer.ts.
   */
  PeerId?: string;
}

export type MatchmakingConfigurationStatus =
  | 'QUEUED'
  | 'SEARCHING'
  | 'REQUIRES_ACCEPTANCE'
  | 'PLACING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'TIMED_OUT';

export type BackfillMode = 'AUTOMATIC' | 'MANUAL';
export type FlexMatchMode = 'STANDALONE' | 'WITH_QUEUE';
export type AcceptanceType = 'ACCEPT' | 'REJECT';

export interface MatchedPlayerSession {
  PlayerId: string;
  PlayerSessionId: string;
}

/**
 * Extra connection fields a placement hook may add (for a peer-to-peer game,
 * the game-host peer's id). JSON primitives only, so that snapshots stay plain JSON.
 */
export type ConnectionExtras = Record<string, string | number | boolean>;

/** `GameSessionConnectionInfo` of a `COMPLETED` ticket, plus any extras the placement hook set. */
export interface GameSessionConnectionInfo {
  GameSessionArn?: string;
  IpAddress?: string;
  DnsName?: string;
  Port?: number;
  MatchedPlayerSessions?: MatchedPlayerSession[];
  /** Non-AWS (peer-to-peer, set when players carry a `PeerId`): the game host's PeerJS id. */
  GameHostPeerId?: string;
  /** Non-AWS (peer-to-peer): the player who hosts the game. */
  GameHostPlayerId?: string;
  /** Non-AWS (peer-to-peer): the match that placed the ticket. */
  MatchId?: string;
  /** Non-AWS (peer-to-peer): who takes over if the game host leaves, best first (latency, else ticket age). */
  SuccessorPlayerIds?: string[];
  /** Non-AWS (peer-to-peer): the automatic backfill ticket the core started for the session, if any. */
  AutoBackfillTicketId?: string;
  [extra: string]: string | number | boolean | MatchedPlayerSession[] | string[] | undefined;
}

export interface MatchmakingTicket {
  TicketId: string;
  ConfigurationName: string;
  ConfigurationArn: string;
  Status: MatchmakingConfigurationStatus;
  /** Short upper-case code; the codes are listed in `tickets.ts`. */
  StatusReason?: string;
  StatusMessage?: string;
  StartTime: Date;
  EndTime?: Date;
  Players: Player[];
  GameSessionConnectionInfo?: GameSessionConnectionInfo;
  /** Seconds; absent when there is no recent history (FlexMatch's NOT_AVAILABLE). */
  EstimatedWaitTime?: number;
}

export interface GameProperty {
  Key: string;
  Value: string;
}

export interface MatchmakingRuleSet {
  RuleSetName: string;
  RuleSetArn: string;
  RuleSetBody: string;
  CreationTime: Date;
}

export interface MatchmakingConfiguration {
  Name: string;
  ConfigurationArn: string;
  Description?: string;
  GameSessionQueueArns: string[];
  RequestTimeoutSeconds: number;
  AcceptanceTimeoutSeconds?: number;
  AcceptanceRequired: boolean;
  RuleSetName: string;
  RuleSetArn: string;
  NotificationTarget?: string;
  AdditionalPlayerCount: number;
  CustomEventData?: string;
  CreationTime: Date;
  GameProperties: GameProperty[];
  GameSessionData?: string;
  BackfillMode: BackfillMode;
  FlexMatchMode: FlexMatchMode;
}

/**
 * `GameSession`, as far as a standalone matchmaker knows it: the sessions it
 * placed, and the ones a manual backfill named. `GameSessionId` is the ARN.
 */
export interface GameSession {
  GameSessionId: string;
  Name?: string;
  CreationTime: Date;
  Status: 'ACTIVE';
  CurrentPlayerSessionCount: number;
  MaximumPlayerSessionCount: number;
  IpAddress?: string;
  DnsName?: string;
  Port?: number;
  GameProperties: GameProperty[];
  GameSessionData?: string;
  /** JSON text in the guide's matchmaker-data shape (`MatchmakerData` in `placement.ts`). */
  MatchmakerData?: string;
  Location: string;
}

// --- Requests and responses --------------------------------------------------

export interface CreateMatchmakingRuleSetInput {
  Name: string;
  RuleSetBody: string;
  Tags?: { Key: string; Value: string }[];
}
export interface CreateMatchmakingRuleSetOutput {
  RuleSet: MatchmakingRuleSet;
}

export interface DescribeMatchmakingRuleSetsInput {
  /** Names or ARNs; unknown ones raise `NotFoundException`. */
  Names?: string[];
  Limit?: number;
  NextToken?: string;
}
export interface DescribeMatchmakingRuleSetsOutput {
  RuleSets: MatchmakingRuleSet[];
  NextToken?: string;
}

export interface ValidateMatchmakingRuleSetInput {
  RuleSetBody: string;
}
export interface ValidateMatchmakingRuleSetOutput {
  Valid: boolean;
}

export interface DeleteMatchmakingRuleSetInput {
  Name: string;
}

export interface CreateMatchmakingConfigurationInput {
  Name: string;
  Description?: string;
  RuleSetName: string;
  RequestTimeoutSeconds: number;
  AcceptanceRequired: boolean;
  AcceptanceTimeoutSeconds?: number;
  BackfillMode?: BackfillMode;
  AdditionalPlayerCount?: number;
  CustomEventData?: string;
  GameSessionData?: string;
  GameProperties?: GameProperty[];
  FlexMatchMode?: FlexMatchMode;
  NotificationTarget?: string;
  GameSessionQueueArns?: string[];
  Tags?: { Key: string; Value: string }[];
}
export interface CreateMatchmakingConfigurationOutput {
  Configuration: MatchmakingConfiguration;
}

export interface DescribeMatchmakingConfigurationsInput {
  /** Names or ARNs; unknown ones are left out of the answer (as AWS does). */
  Names?: string[];
  RuleSetName?: string;
  Limit?: number;
  NextToken?: string;
}
export interface DescribeMatchmakingConfigurationsOutput {
  Configurations: MatchmakingConfiguration[];
  NextToken?: string;
}

export interface UpdateMatchmakingConfigurationInput {
  Name: string;
  Description?: string;
  RuleSetName?: string;
  RequestTimeoutSeconds?: number;
  AcceptanceRequired?: boolean;
  AcceptanceTimeoutSeconds?: number;
  BackfillMode?: BackfillMode;
  AdditionalPlayerCount?: number;
  CustomEventData?: string;
  GameSessionData?: string;
  GameProperties?: GameProperty[];
  FlexMatchMode?: FlexMatchMode;
  NotificationTarget?: string;
  GameSessionQueueArns?: string[];
}
export interface UpdateMatchmakingConfigurationOutput {
  Configuration: MatchmakingConfiguration;
}

export interface DeleteMatchmakingConfigurationInput {
  Name: string;
}

export interface StartMatchmakingInput {
  ConfigurationName: string;
  TicketId?: string;
  Players: Player[];
}
export interface StartMatchmakingOutput {
  MatchmakingTicket: MatchmakingTicket;
}

export interface DescribeMatchmakingInput {
  TicketIds: string[];
}
export interface DescribeMatchmakingOutput {
  TicketList: MatchmakingTicket[];
}

export interface StopMatchmakingInput {
  TicketId: string;
}

export interface AcceptMatchInput {
  TicketId: string;
  PlayerIds: string[];
  AcceptanceType: AcceptanceType;
}

export interface StartMatchBackfillInput {
  ConfigurationName: string;
  GameSessionArn: string;
  Players: Player[];
  TicketId?: string;
}
export interface StartMatchBackfillOutput {
  MatchmakingTicket: MatchmakingTicket;
}

/** The server SDK's `StopMatchBackfill` request. */
export interface StopMatchBackfillInput {
  TicketId: string;
  GameSessionArn?: string;
  MatchmakingConfigurationArn?: string;
}

/** Non-AWS: a game session's host reports that a player left it (see player-left.ts). */
export interface ReportPlayerLeftInput {
  GameSessionArn: string;
  PlayerId: string;
}
export interface ReportPlayerLeftOutput {
  /** The automatic backfill ticket started to refill the slot, if one was. */
  BackfillTicketId?: string;
}

/** Non-AWS: a successor took over a peer-to-peer game session whose game host left (see game-host-change.ts). */
export interface ChangeGameHostInput {
  GameSessionArn: string;
  /** The seated player who is now the game host. */
  PlayerId: string;
  /** Players known to be still there: the game host or a successor ranked above `PlayerId` among them refuses the change. */
  PresentPlayerIds?: string[];
}
export interface ChangeGameHostOutput {
  GameHostPlayerId: string;
  GameHostPeerId: string;
  /** The other seated players with a PeerId, best game host first. */
  SuccessorPlayerIds: string[];
}

/** `DescribeGameSessions`, limited to the sessions this matchmaker knows (non-AWS scope). */
export interface DescribeGameSessionsInput {
  GameSessionId?: string;
}
export interface DescribeGameSessionsOutput {
  GameSessions: GameSession[];
}

/** Non-AWS: every ticket the matchmaker holds, for a host console. */
export interface ListTicketsInput {
  ConfigurationName?: string;
  Statuses?: MatchmakingConfigurationStatus[];
}
export interface ListTicketsOutput {
  TicketList: MatchmakingTicket[];
}

/** AWS answers these operations with an empty object. */
export type EmptyOutput = Record<string, never>;
