/** Rows → response objects: fields picked by name, so a new column never leaks by accident. */

import type { Static } from 'typebox';
import type { AssignmentsTable, ChallengesTable } from '../../db/schema.js';
import type { Checkin, SubmissionDto } from './activities.schemas.js';

export const person = (id: string, displayName: string | undefined) => ({
  id,
  displayName: displayName ?? '',
});

export const parseFileIds = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

export interface CheckinRow {
  id: string;
  challenge_id: string;
  user_id: string;
  period_key: string;
  local_date: string;
  body: string;
  file_ids: string;
  created_at: number;
}

export function presentCheckin(row: CheckinRow, displayName: string | undefined): Static<typeof Checkin> {
  return {
    id: row.id,
    challengeId: row.challenge_id,
    user: person(row.user_id, displayName),
    date: row.local_date,
    period: row.period_key,
    body: row.body,
    fileIds: parseFileIds(row.file_ids),
    createdAt: Number(row.created_at),
  };
}

export interface SubmissionRow {
  id: string;
  assignment_id: string;
  user_id: string;
  display_name: string;
  body: string;
  body_html: string;
  file_ids: string;
  state: 'submitted' | 'reviewed';
  late: number;
  revision: number;
  submitted_at: number;
  score: number | null;
  feedback: string | null;
  reviewed_at: number | null;
  featured: number;
}

export function presentSubmission(row: SubmissionRow): SubmissionDto {
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    user: person(row.user_id, row.display_name),
    body: row.body,
    bodyHtml: row.body_html,
    fileIds: parseFileIds(row.file_ids),
    state: row.state,
    late: row.late === 1,
    revision: Number(row.revision),
    submittedAt: Number(row.submitted_at),
    score: row.score,
    feedback: row.feedback,
    reviewedAt: row.reviewed_at === null ? null : Number(row.reviewed_at),
    featured: row.featured === 1,
  };
}

export const challengeFields = (row: ChallengesTable) => ({
  id: row.id,
  communityId: row.community_id,
  title: row.title,
  description: row.description,
  descriptionHtml: row.description_html,
  startDate: row.start_date,
  endDate: row.end_date,
  cadence: row.cadence,
  createdAt: Number(row.created_at),
});

export const assignmentFields = (row: AssignmentsTable, now: number) => ({
  id: row.id,
  communityId: row.community_id,
  title: row.title,
  description: row.description,
  descriptionHtml: row.description_html,
  dueAt: Number(row.due_at),
  pastDue: Number(row.due_at) < now,
  createdAt: Number(row.created_at),
});
