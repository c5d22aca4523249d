package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/chart"
	"github.com/branchbot/branchbot/store"
)

// Options configure a Bot. Store, Token and Now are required.
type Options struct {
	APIURL string // Bot API base URL; default https://api.telegram.org
	Token  string
	Store  *store.DB
	Now    func() time.Time
	// SendClock paces requests to Telegram, whose limits run on real time;
	// it defaults to Now. A simulation that moves Now faster than real
	// time keeps real time here.
	SendClock   func() time.Time
	Logger      *slog.Logger
	HTTPClient  *http.Client
	BranchName  string
	Language    branchbot.Lang // the branch's default language
	Location    *time.Location // the branch's time zone, for dates people read
	Secretaries []int64        // Telegram user ids who are secretaries from the first start
	GroupChat   int64          // the branch's group chat, 0 if none
	Limits      Limits
	PollTimeout time.Duration   // long-polling timeout; default 50 s
	Webhook     *WebhookOptions // nil: long polling
	// SendWorkers is how many requests to Telegram may be in flight at once.
	SendWorkers int
	// GiveUpAfter is how long a message may keep failing for transient
	// reasons (5xx, timeouts) before it lands in the failed list.
	GiveUpAfter time.Duration
	// Study holds the handbook and the study rules; nil turns the daily
	// study commands off.
	Study *branchbot.StudyRules
	// InviteCode makes invite codes; default branchbot.NewInviteCode. A
	// simulation passes a seeded one to be reproducible.
	InviteCode func() string
	// DefaultStudyMinute is the minute of the day the branch's prompt
	// schedule fires on an ordinary day, shown to members who keep the
	// default time; -1 if unknown.
	DefaultStudyMinute int
	// Quiet are the branch's quiet hours: the scheduler holds a notice
	// set for a time in them until they end, unless it goes silently.
	Quiet branchbot.QuietHours
	// Meetings are the branch's kinds of meeting and its leave rule; the
	// zero value means the default kinds, leave without approval.
	Meetings MeetingOptions
	// Cases are the rules of conversation-due cases (/event, /talks,
	// /talked); nil means the defaults.
	Cases *branchbot.CaseRules
	// QuizBank is the question bank quizzes draw from; nil or empty turns
	// /quiz off. Quiz are the rules of a quiz; zero fields take the
	// defaults (branchbot.DefaultQuizRules).
	QuizBank *branchbot.QuestionBank
	Quiz     branchbot.QuizRules
	// Charts draws the PNG charts of /report and the monthly summary;
	// nil sends none.
	Charts *chart.Painter
	// Observer is told what the bot does, for metrics; nil for nobody.
	Observer Observer
}

// Limits are Telegram's sending limits, the sender's budget.
type Limits struct {
	GlobalPerSecond   float64
	PerChatPerSecond  float64
	PerGroupPerMinute float64
}

// WebhookOptions configure webhook mode.
type WebhookOptions struct {
	Listen  string // address to listen on, e.g. ":8443"
	URL     string // public https URL Telegram posts to
	Secret  string // X-Telegram-Bot-Api-Secret-Token
	MaxBody int64  // request body cap in bytes
	// MaxConnections is setWebhook's max_connections: how many updates
	// Telegram may deliver at once (0: Telegram's default, 40).
	MaxConnections int
}

// Bot is a running branchbot on one token and one database.
type Bot struct {
	opts     Options
	db       *store.DB
	api      *tg.Bot
	http     *http.Client
	log      *slog.Logger
	now      func() time.Time
	obs      Observer
	sender   *sender
	username string // the bot's @username, learnt from getMe

	applyMu sync.Mutex // updates are applied one batch at a time

	// retryBase is the first pause between attempts of a failing call
	// the bot cannot start without; it doubles up to maxBackoff.
	retryBase time.Duration

	// afterc feeds the after-commit calls to the workers Run starts.
	afterc       chan func(context.Context)
	afterRunning atomic.Bool
}

// New checks the options and builds a Bot; it makes no network call.
func New(opts Options) (*Bot, error) {
	if opts.Store == nil || opts.Now == nil || opts.Token == "" {
		return nil, errors.New("bot: Store, Now and Token are required")
	}
	if opts.InviteCode == nil {
		opts.InviteCode = branchbot.NewInviteCode
	}
	if opts.SendClock == nil {
		opts.SendClock = opts.Now
	}
	if opts.APIURL == "" {
		opts.APIURL = "https://api.telegram.org"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Language == "" {
		opts.Language = branchbot.LangZH
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = 50 * time.Second
	}
	if opts.Limits.GlobalPerSecond <= 0 {
		opts.Limits.GlobalPerSecond = 30
	}
	if opts.Limits.PerChatPerSecond <= 0 {
		opts.Limits.PerChatPerSecond = 1
	}
	if opts.Limits.PerGroupPerMinute <= 0 {
		opts.Limits.PerGroupPerMinute = 20
	}
	if opts.SendWorkers <= 0 {
		opts.SendWorkers = 8
	}
	if opts.GiveUpAfter <= 0 {
		opts.GiveUpAfter = time.Hour
	}
	if opts.HTTPClient == nil {
		// Keep a connection per send worker and the poller alive: the
		// default transport keeps two, and every other request would pay
		// a new TCP and TLS handshake.
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = opts.SendWorkers + 2
		opts.HTTPClient = &http.Client{Timeout: opts.PollTimeout + 15*time.Second, Transport: tr}
	}
	if opts.Observer == nil {
		opts.Observer = NopObserver{}
	} else {
		opts.HTTPClient = observedClient(opts.HTTPClient, opts.Observer)
	}
	api, err := tg.New(opts.Token,
		tg.WithServerURL(opts.APIURL),
		tg.WithSkipGetMe(),
		tg.WithHTTPClient(opts.PollTimeout, opts.HTTPClient),
		tg.WithErrorsHandler(func(err error) {
			opts.Logger.Warn("telegram client", "err", maskToken(err.Error(), opts.Token))
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	b := &Bot{
		opts: opts,
		db:   opts.Store,
		api:  api,
		http: opts.HTTPClient,
		log:  opts.Logger,
		now:  opts.Now,
		obs:  opts.Observer,

		retryBase: time.Second,
	}
	b.sender = newSender(b)
	b.afterc = make(chan func(context.Context), 256)
	return b, nil
}

// Run starts the bot and blocks until ctx is cancelled or it cannot go on
// (a rejected token). It returns only after its goroutines have stopped;
// messages not yet sent stay in the outbox for the next start.
func (b *Bot) Run(ctx context.Context) error {
	me, err := b.getMe(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it could start
		}
		return err
	}
	b.username = me.Username
	b.log.Info("connected", "bot", "@"+me.Username)
	if err := b.bootstrap(); err != nil {
		return err
	}
	b.syncAllMenus(ctx)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	wg.Add(3)
	go func() {
		defer wg.Done()
		b.afterWorkers(ctx)
	}()
	go func() {
		defer wg.Done()
		errc <- b.sender.run(ctx)
	}()
	go func() {
		defer wg.Done()
		if b.opts.Webhook != nil {
			errc <- b.serveWebhook(ctx)
		} else {
			errc <- b.poll(ctx)
		}
	}()
	err = <-errc
	cancel()
	wg.Wait()
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}

// Username is the bot's Telegram username, known once Run has started.
func (b *Bot) Username() string { return b.username }

// getMe asks Telegram who the bot is, until Telegram answers (see
// untilUp); a rejected token ends it.
func (b *Bot) getMe(ctx context.Context) (*models.User, error) {
	var me *models.User
	err := b.untilUp(ctx, "getMe", func(ctx context.Context) (err error) {
		me, err = b.api.GetMe(ctx)
		return err
	})
	return me, err
}

// bootstrap makes the config's secretaries members on the first start.
// Each id is bootstrapped once: a later demotion or removal in chat stands.
func (b *Bot) bootstrap() error {
	return b.db.Update(func(tx *store.Tx) error {
		for _, id := range b.opts.Secretaries {
			fresh, err := tx.Mark(fmt.Sprintf("bootstrap/%d", id))
			if err != nil {
				return err
			}
			if !fresh {
				continue
			}
			if m, err := tx.MemberByTelegramID(id); err == nil {
				if m.Role != branchbot.RoleSecretary {
					m.Role = branchbot.RoleSecretary
					if err := tx.PutMember(m); err != nil {
						return err
					}
				}
				continue
			}
			m := &branchbot.Member{
				Name:       fmt.Sprintf("书记%d", id),
				AutoName:   true,
				TelegramID: id,
				Role:       branchbot.RoleSecretary,
				JoinedAt:   tx.Now(),
			}
			if err := tx.CreateMember(m); err != nil {
				return fmt.Errorf("bot: bootstrap secretary %d: %w", id, err)
			}
			// Their study starts as a joining member's does, not with a
			// prompt "sent late" for the morning before the first start.
			p, err := tx.StudyPlan(m.ID)
			if err != nil {
				return err
			}
			p.JoinedDay = b.firstStudyDay(tx.Now())
			if err := tx.PutStudyPlan(p); err != nil {
				return err
			}
			if err := tx.Audit(branchbot.AuditEntry{ActorTG: 0, Action: "bootstrap", Detail: fmt.Sprintf("secretary tg:%d from config as #%d", id, m.ID)}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Kick tells the sender that messages were queued outside an update (by
// the scheduler, say), so it need not wait for its next look.
func (b *Bot) Kick() { b.sender.kick() }
