/** Pure UI logic (no DOM): the rules components apply before they call the node. */
export { type AudienceOption, audienceOptions, intentFor } from './audience-options.ts'
export { type ComposeCheck, checkBio, checkCompose, checkDisplayName, countChars } from './compose-rules.ts'
export { type EncodeStep, firstStep, nextStep } from './downscale-plan.ts'
export { checkFollowTarget, looksLikeNodeId } from './follow-target.ts'
export { type IdenticonGrid, identiconGrid } from './identicon-grid.ts'
export { type RecipientGroup, recipientGroups } from './recipient-options.ts'
export { relativeTime } from './relative-time.ts'
export { safeHref, splitLinks, type TextPart } from './safe-text.ts'
