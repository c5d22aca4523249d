package bot

// The pictures and files of the reports, made when the message goes out
// and uploaded, as the .ics of meeting_calendar.go: the outbox keeps only
// a live name, "chart/study/YYYY-MM/LANG/VIEWER",
// "chart/meetings/PERIOD/LANG/VIEWER" or "ledger/PERIOD/LANG/VIEWER".

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	tg "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/branchbot/branchbot"
	"github.com/branchbot/branchbot/chart"
	"github.com/branchbot/branchbot/store"
)

// chartLive is the prefix of the live names of charts.
const chartLive = "chart/"

// reportFileLive is the live name of a report file: what ("study" or
// "meetings") of period, for viewer, in l.
func reportFileLive(prefix, what, period string, l branchbot.Lang, viewer int64) string {
	if what != "" {
		prefix += what + "/"
	}
	return prefix + period + "/" + string(l) + "/" + strconv.FormatInt(viewer, 10)
}

// studyChartMessage is the photo of the study chart of month label for
// viewer, or nil when the bot draws no charts.
func (b *Bot) studyChartMessage(viewer *branchbot.Member, label string, l branchbot.Lang) *branchbot.Outgoing {
	if b.opts.Charts == nil {
		return nil
	}
	return &branchbot.Outgoing{ChatID: viewer.ChatID(), MemberID: viewer.ID, Photo: "study-" + label + ".png",
		Text: T(l, "chart.study.caption", label), Live: reportFileLive(chartLive, "study", label, l, viewer.ID)}
}

// meetingsChartMessage is the photo of the attendance chart of period.
func (b *Bot) meetingsChartMessage(viewer *branchbot.Member, period string, l branchbot.Lang) *branchbot.Outgoing {
	if b.opts.Charts == nil {
		return nil
	}
	return &branchbot.Outgoing{ChatID: viewer.ChatID(), MemberID: viewer.ID, Photo: "meetings-" + period + ".png",
		Text: T(l, "chart.meetings.caption", period), Live: reportFileLive(chartLive, "meetings", period, l, viewer.ID)}
}

// ledgerMessage is the ledger document of period as viewer reads it,
// built when it goes out (ledger.go).
func (b *Bot) ledgerMessage(viewer *branchbot.Member, period string, l branchbot.Lang) *branchbot.Outgoing {
	return &branchbot.Outgoing{ChatID: viewer.ChatID(), MemberID: viewer.ID, Document: LedgerFileName(period, l),
		Text: T(l, "ledger.caption", period), Live: reportFileLive(ledgerLive, "", period, l, viewer.ID)}
}

// sendChart queues the chart o after a report's text, when the bot
// draws charts and there is something to draw.
func (r *request) sendChart(o *branchbot.Outgoing, some bool) error {
	if o == nil || !some || r.chat != r.member.ChatID() {
		return nil
	}
	return r.send(o)
}

// sendReportFile draws and uploads the chart a message queued under a
// chart's live name names; done is false for any other message.
func (s *sender) sendReportFile(ctx context.Context, o *branchbot.Outgoing) (id int, done bool, err error) {
	if !strings.HasPrefix(o.Live, chartLive) {
		return 0, false, nil
	}
	parts := strings.Split(o.Live, "/")
	if len(parts) != 5 {
		return 0, true, fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	viewerID, perr := strconv.ParseInt(parts[len(parts)-1], 10, 64)
	l, period := branchbot.Lang(parts[len(parts)-2]), parts[len(parts)-3]
	if perr != nil {
		return 0, true, fmt.Errorf("%w: %q", errUnrenderable, o.Live)
	}
	data, legend, err := s.b.chartPNG(parts[1], period, l, viewerID)
	if err != nil {
		return 0, true, fmt.Errorf("%w: %q: %v", errUnrenderable, o.Live, err)
	}
	file := &models.InputFileUpload{Filename: o.Photo, Data: bytes.NewReader(data)}
	caption := chartCaption(o.Text, l, legend)
	msg, err := s.b.api.SendPhoto(ctx, &tg.SendPhotoParams{ChatID: o.ChatID, Photo: file, Caption: caption, DisableNotification: o.Silent})
	if err != nil {
		return 0, true, err
	}
	return msg.ID, true, nil
}

// chartPNG draws chart what ("study" or "meetings") of period as viewer
// sees it. Without a Chinese font the labels are in English, party groups
// are Group 1, 2, …, and legend says which is which ("Group 1 = 一组", in
// the reader's language l) for the caption.
func (b *Bot) chartPNG(what, period string, l branchbot.Lang, viewerID int64) (png []byte, legend []string, err error) {
	p := b.opts.Charts
	if p == nil {
		return nil, nil, fmt.Errorf("charts are off")
	}
	reader := l
	if !p.CJK() {
		l = branchbot.LangEN
	}
	loc := b.opts.Location
	var series []chart.Series
	var bars []chart.Bar
	var days int
	err = b.db.View(func(tx *store.Tx) error {
		viewer, err := tx.Member(viewerID)
		if err != nil {
			return err
		}
		now := b.now()
		if what == "meetings" {
			from, to, ok := meetingPeriod(period, loc)
			if !ok {
				return fmt.Errorf("period %q", period)
			}
			rows, err := b.meetingRows(tx, viewer, from, to, now)
			if err != nil {
				return err
			}
			kinds := b.meetingKinds()
			for _, r := range rows {
				pct, _ := r.attendance.Percent()
				bars = append(bars, chart.Bar{Label: r.mt.Start.In(loc).Format("01-02") + " " + kinds.Get(r.mt.Kind).Name(l), Value: float64(pct)})
			}
			return nil
		}
		t, err := time.Parse("2006-01", period)
		if err != nil {
			return err
		}
		first, last, _ := branchbot.MonthOf(branchbot.DayOf(t.Add(12*time.Hour), time.UTC))
		days = int(last-first) + 1
		st, err := b.studyStats(tx, viewer, first, min(last, branchbot.DayOf(now, loc)))
		if err != nil {
			return err
		}
		series = append(series, chart.Series{Name: T(l, "report.branch"), Values: percents(st.branch)})
		if len(st.groups) > 1 || !viewer.SeesBranch() {
			series = series[:0]
			if viewer.SeesBranch() {
				series = append(series, chart.Series{Name: T(l, "report.branch"), Values: percents(st.branch)})
			}
			for i, g := range st.groups {
				name := g
				if name == "" {
					name = T(l, "members.nogroup")
				}
				if !p.CJK() {
					if g == "" {
						g = T(reader, "members.nogroup")
					}
					name = fmt.Sprintf("Group %d", i+1)
					legend = append(legend, name+" = "+g)
				}
				series = append(series, chart.Series{Name: name, Values: percents(st.daily[g])})
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if what == "meetings" {
		png, err = p.Attendance(chart.Labels{Title: T(l, "chart.meetings.title", period), Y: T(l, "chart.meetings.y")}, bars)
		return png, nil, err
	}
	png, err = p.Study(chart.Labels{Title: T(l, "chart.study.title", period), X: T(l, "chart.study.x"), Y: T(l, "chart.study.y")}, days, series)
	return png, legend, err
}

// captionLimit is how many characters a photo's caption may have,
// counted as Telegram counts them, in UTF-16 code units.
const captionLimit = 1024

// chartCaption is a chart's caption with, when the groups are drawn as
// Group 1, 2, …, which group each is; entries that do not fit in a
// caption are cut, with an ellipsis.
func chartCaption(caption string, l branchbot.Lang, legend []string) string {
	if len(legend) == 0 {
		return caption
	}
	sep := "，"
	if l == branchbot.LangEN {
		sep = ", "
	}
	for n := len(legend); n > 0; n-- {
		list := strings.Join(legend[:n], sep)
		if n < len(legend) {
			list += sep + "…"
		}
		if c := caption + "\n" + T(l, "chart.groups", list); len(utf16.Encode([]rune(c))) <= captionLimit {
			return c
		}
	}
	return caption
}
