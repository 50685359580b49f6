/** Every protocol vector builder, by the name of its file in docs/protocol/vectors/. */
import { buildProfileVersionVectors } from '../../../src/core/model/test-support/profile-version-vectors.ts'
import { buildEnvelopeVectors, buildPostVectors } from '../../../src/core/model/test-support/vectors.ts'
import { buildAnnounceVectors, buildNoticeVectors } from './announce.ts'
import { buildFramingVectors } from './framing.ts'
import { buildGroupAcceptVectors } from './group-accept.ts'
import { buildGroupProfileVersionVectors } from './group-profile-version.ts'
import { buildGroupSyncVectors } from './group-sync.ts'
import { buildGroupsVectors } from './groups.ts'
import { buildPeersLocateVectors } from './peers-locate.ts'
import { buildRecordsVectors } from './records.ts'
import { buildSyncVectors } from './sync.ts'
import { buildWebrtcHostVectors } from './webrtc-host.ts'

/** Name → builder of a vector file. */
export const BUILDERS: Record<string, () => unknown> = {
  post: buildPostVectors,
  envelope: buildEnvelopeVectors,
  framing: buildFramingVectors,
  sync: buildSyncVectors,
  announce: buildAnnounceVectors,
  notice: buildNoticeVectors,
  'peers-locate': buildPeersLocateVectors,
  records: buildRecordsVectors,
  'webrtc-host': buildWebrtcHostVectors,
  'profile-version': buildProfileVersionVectors,
  groups: buildGroupsVectors,
  'group-sync': buildGroupSyncVectors,
  'group-profile-version': buildGroupProfileVersionVectors,
  'group-accept': buildGroupAcceptVectors,
}
