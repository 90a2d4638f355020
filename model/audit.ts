/** One line of the audit log: who changed what, when, and the state before and after. */
export interface AuditEntry {
  at: string;
  /** Who made the change: a username, "admin" for the environment's admin, or "cli:<user>". */
  actor: string;
  action: string;
  review_id: string | null;
  before: unknown;
  after: unknown;
}
