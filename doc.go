// Package branchbot holds the domain of branchbot: the members of a branch,
// their roles and groups, invites, the messages waiting in the outbox, the
// audit log, and the rules that govern them.
//
// The rules are plain functions and methods that refuse with documented
// sentinel errors, checked with errors.Is: what day a "done" counts for and
// whether it may still be marked (StudyRules.DoneDay, StudyRules.MarkDone),
// how a prompt is put off (StudyRules.Snooze), how a broadcast moves from
// draft to sent (Broadcast.Confirm, Broadcast.Start, Broadcast.Finish), who
// may do what (Role.AtLeast, Member.Sees). The store keeps the rules that
// need its data inside its transactions, such as the last secretary
// (ErrLastSecretary); the bot parses, checks who asks, calls the rule and
// turns its refusal into words in the member's language.
//
// It imports only the standard library. The subpackages adapt it to the
// outside world: store keeps it in bbolt, schedule decides what is due and
// when, bot speaks Telegram, and cmd/branchbot wires them together.
package branchbot
