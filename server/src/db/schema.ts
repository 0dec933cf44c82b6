/**
 * Table types: the one source of truth for what the database holds.
 * Columns are snake_case; times are epoch milliseconds; ids are UUIDv7 strings.
 */
export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  display_name: string;
  locale: string;
  role: 'operator' | 'user';
  email_verified_at: number | null;
  password_changed_at: number;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie token, hex; the token itself is never stored. */
  token_hash: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface AuthTokensTable {
  id: string;
  user_id: string;
  purpose: 'password_reset' | 'email_verify';
  token_hash: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface OutboxTable {
  id: string;
  topic: string;
  /** JSON text. */
  payload: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  run_after: number;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  done_at: number | null;
}

export interface MailMessagesTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** `log` when no SMTP server is configured, `smtp` when it was handed to one. */
  transport: 'log' | 'smtp';
  created_at: number;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  /** JSON text. */
  data: string;
  ip: string | null;
  created_at: number;
}

/** Operator-level settings by key; `setup_done` marks a finished first run. */
export interface SiteSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: number;
}

export interface DB {
  site_settings: SiteSettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  outbox: OutboxTable;
  mail_messages: MailMessagesTable;
  audit_log: AuditLogTable;
}
