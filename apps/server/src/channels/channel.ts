import type { AdminAudioDto, ChannelAssignmentDto, ChannelDto, ChannelMemberDto } from '@app/contracts';
import { appStage, type Plain } from '../transcriptions/transcription-dto.js';
import type { Transcription } from '../transcriptions/transcription.js';

/** A named group of users; what is assigned to it, its members may read. */
export interface Channel {
  id: string;
  name: string;
  description: string | null;
  /** The administrator who made it; null once they are deleted. */
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  memberCount: number;
}

export interface ChannelRow {
  id: string;
  name: string;
  description: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  member_count: number;
}

export function toChannel(row: ChannelRow): Channel {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    memberCount: row.member_count,
  };
}

export function toChannelDto(channel: Channel): Plain<ChannelDto> {
  return {
    id: channel.id,
    name: channel.name,
    description: channel.description,
    created_by: channel.createdBy,
    created_at: channel.createdAt.toISOString(),
    updated_at: channel.updatedAt.toISOString(),
    member_count: channel.memberCount,
  };
}

/** A user's place in a channel. */
export interface Membership {
  channelId: string;
  userId: string;
  /** The administrator who added them; null once they are deleted. */
  assignedBy: string | null;
  assignedAt: Date;
}

export interface MembershipRow {
  channel_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Date;
}

export function toMembership(row: MembershipRow): Membership {
  return { channelId: row.channel_id, userId: row.user_id, assignedBy: row.assigned_by, assignedAt: row.assigned_at };
}

export function toMembershipDto(membership: Membership): Plain<ChannelMemberDto> {
  return {
    channel_id: membership.channelId,
    user_id: membership.userId,
    assigned_at: membership.assignedAt.toISOString(),
    assigned_by: membership.assignedBy,
  };
}

/** A transcription in the admin audio list, with its owner's e-mail address. */
export interface AudioEntry {
  transcription: Transcription;
  userEmail: string | null;
}

export function toAdminAudioDto({ transcription: t, userEmail }: AudioEntry): Plain<AdminAudioDto> {
  return {
    id: t.id,
    user_id: t.userId,
    user_email: userEmail,
    file_name: t.fileName,
    language: t.language,
    duration_seconds: t.durationSeconds,
    stage: appStage(t),
    status: t.status,
    error_message: t.errorMessage,
    created_at: t.createdAt.toISOString(),
    completed_at: t.completedAt?.toISOString() ?? null,
    channels: t.channels,
  };
}

/** What replacing a transcription's channels answers. */
export function toAssignmentDto(channelIds: string[]): Plain<ChannelAssignmentDto> {
  return { message: `Assigned to ${channelIds.length} channel${channelIds.length === 1 ? '' : 's'}`, channel_ids: channelIds };
}
