/**
 * The host console's entry: importing it registers `<peermatch-host-console>`
 * (and the elements it is made of) and exports its classes and types.
 */
export { PeermatchHostConsole, type ConsoleTab } from './elements/host-console/host-console.ts';
export { ConsoleController, type ConsoleState, type HostPhase, type ExplanationState } from './elements/host-console/console-controller.ts';
export { CONSOLE_STRINGS, type ConsoleStrings } from './elements/host-console/console-strings.ts';
export { PeermatchRuleSetEditor, type RuleSetInputDetail } from './elements/host-console/rule-set-editor.ts';
