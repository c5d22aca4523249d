// Package branchbot holds the domain of branchbot: the members of a branch,
// their roles and groups, invites, the messages waiting in the outbox, the
// audit log, and the rules that govern them.
//
// It imports only the standard library. The subpackages adapt it to the
// outside world: store keeps it in bbolt, schedule decides what is due and
// when, bot speaks Telegram, and cmd/branchbot wires them together.
package branchbot
