package telegramtest

import (
	"log/slog"
	"time"
)

// Default values used when no Option overrides them.
const (
	// DefaultToken is the bot token a Server accepts unless WithToken is given.
	DefaultToken = "123456:TEST-token"
	// DefaultBotUsername is the username getMe reports unless WithBotUsername is given.
	DefaultBotUsername = "branchbot_test_bot"
)

// Option configures a Server created by NewServer.
type Option func(*config)

// config collects what the options set.
type config struct {
	token        string
	botUsername  string
	limits       Limits
	specPath     string
	logger       *slog.Logger
	now          func() time.Time
	history      bool
	onPoll       func(event string) // test hook, see withPollHook
	updateID     func() int64       // see WithUpdateIDs
	webhookFront string             // see WithWebhookFront
}

func defaultConfig() config {
	return config{
		token:       DefaultToken,
		botUsername: DefaultBotUsername,
		now:         time.Now,
	}
}

// WithToken sets the bot token the server accepts. The digits before the
// colon are the bot's user id, as with real tokens.
func WithToken(tok string) Option {
	return func(c *config) { c.token = tok }
}

// WithBotUsername sets the username getMe reports for the bot.
func WithBotUsername(u string) Option {
	return func(c *config) { c.botUsername = u }
}

// WithLimits enables flood limits on the methods that target a chat.
func WithLimits(l Limits) Option {
	return func(c *config) { c.limits = l }
}

// WithSpec sets the path of a Bot API JSON specification to validate
// requests against instead of the Bot API 9.4 one the package carries
// (the version github.com/go-telegram/bot v1.19.0 implements). NewServer
// panics when the file cannot be read or holds no methods.
func WithSpec(path string) Option {
	return func(c *config) { c.specPath = path }
}

// WithLogger makes the server log every request (at debug level) and its
// notices to l. Without it requests are not logged and notices go to the
// standard logger.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithClock replaces the clock used for message dates, flood limits and
// the times of the history (see WithHistory). Tests and simulations use it
// to step time without sleeping; the flood limits then run on that clock
// too. Without it the server uses time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithHistory makes the server record, per chat, everything that happens
// in it, in order and with the time: what the bot sends, edits, deletes and
// answers, what simulated users write and press (see History). Without it
// nothing is recorded, so servers that carry many messages do not keep
// them all.
func WithHistory() Option {
	return func(c *config) { c.history = true }
}

// withPollHook makes the server call fn (holding its lock) with "wait"
// whenever a getUpdates long poll starts waiting and with "end" when a
// poll that waited returns. Tests use it instead of sleeping.
func withPollHook(fn func(event string)) Option {
	return func(c *config) { c.onPoll = fn }
}

// WithUpdateIDs makes next choose the update ids the Bot API chooses at
// random: the first update's, and the next one's after a week without
// updates (by the server's clock, see WithClock); ids follow on by one
// from there. Without it the first update is 1 and the id after a quiet
// week is random. Tests use it to make ids restart below the old ones.
func WithUpdateIDs(next func() int64) Option {
	return func(c *config) { c.updateID = next }
}

// WithWebhookFront makes the server deliver webhook updates to addr
// (host:port) over plain HTTP, with the path and query of the URL given to
// setWebhook and its host in the Host header: as Telegram reaches a bot
// through a reverse proxy that ends TLS for the public https URL. Tests use
// it to run a bot configured with a real https URL on a loopback port.
func WithWebhookFront(addr string) Option {
	return func(c *config) { c.webhookFront = addr }
}
