/** Pure UI logic (no DOM): the rules components apply before they call the node. */
export { anchorHost } from './anchor-host.ts'
export { audienceLabel } from './audience-label.ts'
export { type AudienceOption, audienceCost, audienceOptions, intentFor } from './audience-options.ts'
export { CardSlots } from './card-slots.ts'
export { type ComposeCheck, checkBio, checkCompose, checkDisplayName, countChars } from './compose-rules.ts'
export { type EncodeStep, firstStep, nextStep } from './downscale-plan.ts'
export { followFromHash, followLink } from './follow-link.ts'
export { checkFollowTarget, looksLikeNodeId } from './follow-target.ts'
export {
  type GroupAttempt,
  groupErrorText,
  type MemberLine,
  memberLine,
  ROLE_LABELS,
  roleHelp,
  rolesToGive,
} from './group-text.ts'
export { formatBytes, hostingLines, PIN_LABELS } from './hosting-text.ts'
export { type IdenticonGrid, identiconGrid } from './identicon-grid.ts'
export { initialsOf } from './initials.ts'
export {
  mayNotify,
  messageNotice,
  NOTICE_BODY_MAX,
  type Notice,
  replyNotice,
  unreadCount,
} from './notify-decision.ts'
export { type RecipientGroup, recipientGroups } from './recipient-options.ts'
export { lowRedundancyTitle, redundancyLine } from './redundancy-text.ts'
export { relativeTime } from './relative-time.ts'
export { addReplies } from './reply-counts.ts'
export { safeHref, splitLinks, type TextPart } from './safe-text.ts'
export { followTargetOf, type ScanOutcome, scanFrame } from './scan-connect.ts'
export { type SyncBar, syncBar } from './sync-bar.ts'
