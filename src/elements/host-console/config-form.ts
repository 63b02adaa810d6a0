/**
 * The host console's configuration form as pure data: the text the inputs
 * hold, and its check against the limits the Matchmaker enforces
 * (src/core/matchmaker/configurations.ts), so that a bad value is named next
 * to its input before Start rather than as a refused start.
 */
import type { MatchmakingConfiguration } from '../../core/matchmaker/types.ts';
import type { HostConfiguration } from '../../host/host-runtime.ts';

/** The form's inputs as typed (numbers are text until checked). */
export interface ConfigFormValues {
  name: string;
  requestTimeoutSeconds: string;
  acceptanceRequired: boolean;
  /** Used only when `acceptanceRequired`. */
  acceptanceTimeoutSeconds: string;
  /** Empty: the configuration's default (no backfill mode set). */
  backfillMode: '' | 'AUTOMATIC' | 'MANUAL';
  additionalPlayerCount: string;
  /** Milliseconds between matchmaking cycles (the host's, not part of the AWS configuration). */
  tickIntervalMs: string;
}

/** One input of the form. */
export type ConfigField = keyof ConfigFormValues;

/** The checked form: the configuration to start with, or a message per bad input. */
export type ConfigFormResult =
  | { ok: true; configuration: HostConfiguration; tickIntervalMs: number }
  | { ok: false; errors: Partial<Record<ConfigField, string>> };

/** What the form shows first: the host runtime's defaults. */
export const DEFAULT_CONFIG_FORM: Readonly<ConfigFormValues> = {
  name: 'peermatch',
  requestTimeoutSeconds: '300',
  acceptanceRequired: false,
  acceptanceTimeoutSeconds: '30',
  backfillMode: '',
  additionalPlayerCount: '0',
  tickIntervalMs: '1000',
};

/** The shortest and longest tick interval the form accepts (ms). */
export const TICK_INTERVAL_LIMITS = { min: 50, max: 60_000 } as const;

/** The form's values for a configuration the Matchmaker holds (a restored lobby's), keeping `tickIntervalMs`. */
export function configFormValuesOf(configuration: MatchmakingConfiguration, tickIntervalMs: number): ConfigFormValues {
  return {
    name: configuration.Name,
    requestTimeoutSeconds: String(configuration.RequestTimeoutSeconds),
    acceptanceRequired: configuration.AcceptanceRequired,
    acceptanceTimeoutSeconds: String(configuration.AcceptanceTimeoutSeconds ?? DEFAULT_CONFIG_FORM.acceptanceTimeoutSeconds),
    backfillMode: configuration.BackfillMode,
    additionalPlayerCount: String(configuration.AdditionalPlayerCount),
    tickIntervalMs: String(tickIntervalMs),
  };
}

const NAME_PATTERN = /^[a-zA-Z0-9\-.]{1,128}$/;

/**
 * An integer in [min, max] from the text of an input, or the message to show
 * (naming the field and the value typed).
 */
export function parseIntegerField(label: string, text: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `${label}: required (an integer from ${min} to ${max})`;
  if (!/^-?\d+$/.test(trimmed)) return `${label}: "${trimmed}" is not a whole number (${min} to ${max})`;
  const value = Number(trimmed);
  if (value < min || value > max) return `${label}: ${value} is outside ${min} to ${max}`;
  return value;
}

/**
 * Checks the form. Returns every bad input's message (never throws); on
 * success the `HostConfiguration` for `startBrowserHost`, with
 * `AcceptanceTimeoutSeconds` only when acceptance is required and
 * `BackfillMode` only when chosen.
 */
export function checkConfigForm(values: ConfigFormValues): ConfigFormResult {
  const errors: Partial<Record<ConfigField, string>> = {};
  const name = values.name.trim();
  if (!NAME_PATTERN.test(name)) {
    errors.name = name === '' ? 'Name: required' : `Name: "${name}" must be 1 to 128 characters of letters, digits, "-" and "."`;
  }
  const timeout = parseIntegerField('Request timeout', values.requestTimeoutSeconds, 1, 43200);
  if (typeof timeout === 'string') errors.requestTimeoutSeconds = timeout;
  let acceptanceTimeout: number | undefined;
  if (values.acceptanceRequired) {
    const parsed = parseIntegerField('Acceptance timeout', values.acceptanceTimeoutSeconds, 1, 600);
    if (typeof parsed === 'string') errors.acceptanceTimeoutSeconds = parsed;
    else acceptanceTimeout = parsed;
  }
  const additional = parseIntegerField('Additional players', values.additionalPlayerCount, 0, 10000);
  if (typeof additional === 'string') errors.additionalPlayerCount = additional;
  const tick = parseIntegerField('Tick interval', values.tickIntervalMs, TICK_INTERVAL_LIMITS.min, TICK_INTERVAL_LIMITS.max);
  if (typeof tick === 'string') errors.tickIntervalMs = tick;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const configuration: HostConfiguration = {
    Name: name,
    RequestTimeoutSeconds: timeout as number,
    AcceptanceRequired: values.acceptanceRequired,
    AdditionalPlayerCount: additional as number,
  };
  if (acceptanceTimeout !== undefined) configuration.AcceptanceTimeoutSeconds = acceptanceTimeout;
  if (values.backfillMode !== '') configuration.BackfillMode = values.backfillMode;
  return { ok: true, configuration, tickIntervalMs: tick as number };
}
