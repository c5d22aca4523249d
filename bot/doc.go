// Package bot is branchbot's Telegram side: it reads updates (long polling
// or a webhook), applies each one's effect in a store transaction together
// with the update id, renders replies in the member's language, and drains
// the outbox to Telegram within its rate limits.
//
// Exactly once: the getUpdates offset moves past an update only after the
// transaction that applied it has committed, and a transaction skips
// updates it has already recorded, so a redelivered update changes nothing.
// Everything the bot says goes through the outbox, written in the same
// transaction, so a crash loses no reply and sends none twice except the
// requests in flight at that moment (at most Options.SendWorkers).
package bot
