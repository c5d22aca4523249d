// Package schedule decides what is due and when.
//
// Every time here is read in the branch's IANA time zone (branch.timezone):
// a member who chooses 07:45 means 07:45 on the branch's wall clock, whatever
// the server's zone, and instants are stored in UTC.
//
// The due computation is a pure function of (state, now). Nothing in this
// package reads the clock: callers pass now, which keeps the rules testable
// without sleeping and lets a simulated week run in seconds.
//
// # The scheduler
//
// A Scheduler queues the daily study prompts, the prompts that come again
// after a snooze and the evening nudges, and records the days the bot
// missed. Scheduler.Tick decides everything due at an instant from the
// store's state and queues it in the outbox in the same transaction that
// records it, so it is level-triggered: a Tick that runs late catches up,
// one that runs twice queues nothing twice. Scheduler.Run ticks at start-up
// and then every minute. A study prompt or nudge is queued by its live name
// (branchbot.PromptLive, branchbot.NudgeLive), which package bot renders
// when it sends it; this package does not import bot or any Telegram
// library.
//
// # Daylight saving
//
// A member's daily time fires exactly once per local day, including on the
// days the clocks change:
//
//   - A local time that the clocks skip fires at the instant the clock jumps,
//     the first valid instant after the gap. In America/Los_Angeles on
//     2026-03-08 the clocks go from 02:00 PST to 03:00 PDT, so 02:30 fires at
//     03:00 PDT (10:00 UTC). Firing late rather than early means a prompt is
//     never sent before the time the member chose.
//   - A local time that the clocks repeat fires at its first occurrence. On
//     2026-11-01 01:00–02:00 happens twice in Los Angeles, so 01:30 fires at
//     01:30 PDT (08:30 UTC) and not again at 01:30 PST.
//   - When a gap runs to the end of the day, the jump lands on the next date
//     and there is no valid instant after the gap on the day itself (America/Nuuk
//     goes from 22:59:59 on 2026-03-28 to 00:00 on 2026-03-29). Such a time fires
//     at the last minute before the jump (22:59), so that every date's firing
//     stays inside that date and the level-triggered "is it due today?" check
//     sees it.
//
// robfig/cron/v3 does not follow these rules (its Next skips a nonexistent
// time and fires a repeated one twice), so this package computes firing
// instants itself, day by day, and uses robfig/cron only to parse and
// validate specs. In production robfig/cron's runner triggers the checks; a
// *Spec satisfies cron.Schedule, so the runner can be given one directly.
package schedule
