// The local Discord simulator (dev and test only; nothing under src/ may import it). See README.md here.
export {
  startSimulator,
  Simulator,
  type SimulatorOptions,
  type SimGuild,
  type CommandInvocation,
  type AutocompleteInvocation,
  type ClickInvocation,
  type ModalSubmitInvocation,
  type InteractionHandle,
  type WaitOptions,
} from './simulator.js';
export { createOpenApiValidator, formatIssues, DEFAULT_OPENAPI_PATH, type OpenApiValidator, type SchemaIssue, type MatchedOperation } from './openapi.js';
export type { Violation, RequestRecord, CallbackRecord, SimEvents } from './core.js';
export type { SimMessage, SimButton, UploadedFile } from './messages.js';
export { SimulatorUsageError, parseSlashCommand, type OptionValue, type OptionsInput } from './options.js';
export type { GuildSpec, ChannelSpec, MemberSpec, RoleSpec, OverwriteSpec, ChannelKind } from './world.js';
export { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, permissionNames, toBits, type PermissionName, type PermissionInput } from './permissions.js';
export type { ResponseIssue } from './rest.js';
export type { ModalValues } from './modals.js';
