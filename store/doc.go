// Package store keeps branchbot's state in one bbolt file: members and
// their index by Telegram user id, groups, invites, the outbox of messages
// waiting to be sent, the id of the last Telegram update applied, the
// append-only audit log, the study records, and broadcasts with each
// member's copy (kept in step with the outbox by MarkSent and
// FailOutgoing).
//
// All access goes through transactions: DB.Update and DB.View hand a *Tx to
// a closure, and the Tx methods read and write the domain types of package
// branchbot. A handler applies an update's effect, queues its replies and
// records the update id in one Update call, so either all of it happens or
// none of it does. Nothing in this package talks to Telegram.
//
// Open refuses a file it cannot trust (empty, truncated, corrupt, written
// by a newer schema) and never rewrites it; a file locked by another
// process is reported after the lock timeout instead of waited on forever.
package store
